// Harness for the draft API's HTTP tests: a production server, loopback fixture audio named as in
// the seed document's examples, two users in two teams with API keys, and small call helpers.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { makeTone, serveFixtures, type FixtureServer } from "@/test/helpers/media";
import { startServer, type TestServer } from "@/test/helpers/server";
import { Client } from "@/test/http/client";

/** Seconds of each fixture; the seed's examples use these names. */
export const FIXTURES: Record<string, number> = {
  "bgm.mp3": 35,
  "intro.mp3": 5,
  "main-bgm.mp3": 30,
  "main.mp3": 25,
  "outro.mp3": 8,
  "applause.mp3": 4,
  "transition.mp3": 2,
  "whoosh.mp3": 1.5,
  "ding.mp3": 1,
  "short.mp3": 2,
  "voice1.mp3": 3,
  "voice2.mp3": 3,
};

export type DraftHarness = {
  server: TestServer;
  fixtures: FixtureServer;
  key: string;
  otherKey: string;
  /** The seed's https://example.com/<file> rewritten to the fixture server. */
  media(name: string): string;
  call<T = Record<string, unknown>>(
    method: string,
    p: string,
    body?: unknown,
    key?: string | null,
  ): Promise<{ status: number; body: T }>;
  createDraft(body?: unknown): Promise<{ draft_url: string; id: string }>;
  content(draftUrl: string): Promise<Content>;
  stop(): Promise<void>;
};

export type Segment = {
  id: string;
  material_id: string;
  volume: number;
  target_timerange: { start: number; duration: number };
  source_timerange: { start: number; duration: number };
  extra_material_refs: string[];
};
export type Content = {
  json: string;
  duration: number;
  canvas_config: { width: number; height: number };
  tracks: { id: string; type: string; segments: Segment[] }[];
  materials: {
    audios: { id: string; duration: number; path: string; name: string }[];
    speeds: { id: string }[];
    audio_fades: { id: string; fade_in_duration: number; fade_out_duration: number }[];
  };
};

export type GetDraft = {
  draft_url: string;
  draft_id: string;
  files: string[];
  paths: string[];
  zip_url: string;
  expires_at: string;
};

async function signedUpKey(baseUrl: string, name: string) {
  const c = new Client(baseUrl);
  await c.signUp({ email: `${name}-${randomUUID().slice(0, 8)}@example.com`, name, password: "a long password 1" });
  return ((await (await c.fetch("/api/keys", { method: "POST", json: { name } })).json()) as { key: string }).key;
}

export async function startDraftHarness(
  dir: string,
  opts: { env?: Record<string, string>; databaseUrl?: string } = {},
): Promise<DraftHarness> {
  fs.mkdirSync(dir, { recursive: true });
  const media = path.join(dir, "media");
  fs.mkdirSync(media, { recursive: true });
  for (const [name, seconds] of Object.entries(FIXTURES)) {
    if (!fs.existsSync(path.join(media, name))) makeTone(path.join(media, name), seconds, 300 + seconds * 20);
  }
  fs.writeFileSync(path.join(media, "notes.txt"), "this is not audio\n".repeat(100));
  const fixtures = await serveFixtures(media);
  const server = await startServer({
    databaseUrl: opts.databaseUrl,
    env: { FETCH_ALLOW_HOSTS: "127.0.0.1", DATA_DIR: path.join(dir, "data"), ...opts.env },
  });
  const key = await signedUpKey(server.baseUrl, "drafts");
  const otherKey = await signedUpKey(server.baseUrl, "other");

  const call: DraftHarness["call"] = async (method, p, body, k) => {
    const headers = new Headers();
    const useKey = k === undefined ? key : k;
    if (useKey) headers.set("authorization", `Bearer ${useKey}`);
    if (body !== undefined) headers.set("content-type", "application/json");
    const res = await fetch(server.baseUrl + p, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as never };
  };

  const h: DraftHarness = {
    server,
    fixtures,
    key,
    otherKey,
    media: (name) => `${fixtures.baseUrl}/${name}`,
    call,
    async createDraft(body = {}) {
      const r = await call<{ draft_url: string }>("POST", "/v1/create_draft", body);
      if (r.status !== 200) throw new Error(`create_draft: ${r.status} ${JSON.stringify(r.body)}`);
      return { draft_url: r.body.draft_url, id: new URL(r.body.draft_url).searchParams.get("draft_id")! };
    },
    async content(draftUrl) {
      const id = /draft_id=([0-9a-f]{32})/.exec(draftUrl)?.[1] ?? "";
      const g = await call<GetDraft>("GET", `/v1/get_draft?draft_id=${id}`);
      if (g.status !== 200) throw new Error(`get_draft: ${g.status} ${JSON.stringify(g.body)}`);
      const json = await (await fetch(g.body.files[g.body.paths.indexOf("draft_content.json")])).text();
      return { json, ...(JSON.parse(json) as Omit<Content, "json">) };
    },
    async stop() {
      await server.stop();
      await fixtures.close();
    },
  };
  return h;
}

export const segmentsOf = (c: Content) => c.tracks.flatMap((t) => t.segments);
