// Database round trips per hot API request, pinned: the Open API's order query and create and the
// draft API's add_audios and get_draft, each called through its real route handler (key lookup,
// dialect envelope and all) while lib/db-statements counts what reaches the driver. A change that
// adds a query to one of these paths fails here instead of silently costing throughput.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { grant } from "@/lib/billing/ledger";
import { createApiKey } from "@/lib/auth/api-keys";
import { db } from "@/lib/db";
import { countStatements } from "@/lib/db-statements";
import { makeTone, serveFixtures, type FixtureServer } from "@/test/helpers/media";
import { signUp } from "@/lib/users/service";
import { stubScaledModes } from "@/test/helpers/scaled";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-round-trips-"));
vi.stubEnv("DATA_DIR", path.join(dir, "data"));
vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
vi.stubEnv("PUBLIC_BASE_URL", "http://127.0.0.1:3999");
vi.stubEnv("JOBS_EMBEDDED", "false");
// The scaled stage: creates queue their job on Redis and draft media go to S3; the counts are the same.
const unstubModes = await stubScaledModes();

const orderQuery = await import("@/app/api/open/v1/order/query/route");
const orderCreate = await import("@/app/api/open/v1/order/create/route");
const createDraftRoute = await import("@/app/v1/create_draft/route");
const addAudiosRoute = await import("@/app/v1/add_audios/route");
const getDraftRoute = await import("@/app/v1/get_draft/route");

const BASE = "http://127.0.0.1:3999";
let key = "";
let userId = "";
let fixtures: FixtureServer;

const get = (p: string) => new Request(`${BASE}${p}`, { headers: { authorization: `Bearer ${key}` } });
const post = (p: string, body: unknown) =>
  new Request(`${BASE}${p}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** The route's answer and the statements it sent. */
async function measure(call: () => Promise<Response>) {
  const { result, count, sql } = await countStatements(async () => {
    const res = await call();
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  });
  return { ...result, count, sql };
}

beforeAll(async () => {
  const user = await signUp({ email: "round-trips@example.com", name: "Round trips", password: "a long password 1" });
  userId = user.id;
  const teamId = (await db.membership.findFirstOrThrow({ where: { userId } })).teamId;
  key = (await createApiKey(userId, teamId, { name: "bench" })).key;
  await grant({ userId, amount: 10_000, idempotencyKey: "round-trips:grant" });
  fs.mkdirSync(path.join(dir, "media"), { recursive: true });
  makeTone(path.join(dir, "media", "tone.mp3"), 3);
  fixtures = await serveFixtures(path.join(dir, "media"));
});

afterAll(async () => {
  await fixtures?.close();
  await unstubModes();
});

describe("database round trips per hot request", () => {
  it("order/query and order/create", async () => {
    const create = () =>
      orderCreate.POST(
        post("/api/open/v1/order/create", {
          orderType: "track-separation",
          stuff: { pathKey: "https://example.com/a.mp3" },
        }),
      );
    // The first use of a key records lastUsedAt (once a minute); measure the steady state.
    await create();
    const created = await measure(create);
    expect(created.status).toBe(200);
    const orderNo = (created.body.data as { orderNo: string }).orderNo;
    const query = () => orderQuery.GET(get(`/api/open/v1/order/query?orderNo=${orderNo}`));
    const queried = await measure(query);
    expect(queried.body).toMatchObject({
      code: 0,
      data: { orderNo, status: "pending", stuffs: [], balance: 10_000 - 10 },
    });
    // Finished: the first query captures (a write, the spec's), later ones only read.
    await db.order.update({ where: { orderNo }, data: { status: "finish", progress: 100 } });
    const capture = await measure(query);
    expect(capture.body).toMatchObject({
      code: 0,
      data: { status: "finish", payStatus: "paid", cost: 5, balance: 10_000 - 10 },
    });
    const after = await measure(query);
    expect(after.body).toMatchObject({ code: 0, data: { status: "finish", payStatus: "paid" } });
    const missing = await measure(() => orderQuery.GET(get("/api/open/v1/order/query?orderNo=nope")));
    expect(missing.body).toMatchObject({ code: 400, msg: "Order not found" });
    // Before this was pinned: create 11, query 9, the capturing query 18, a finished query 9.
    // Now: the key with its user, team and membership, and the order the query names, in one
    // statement (createRoute's keyed read); its files only once finished; the balance from the
    // key's statement.
    expect({
      create: created.count,
      query: queried.count,
      captureQuery: capture.count,
      finishedQuery: after.count,
      missing: missing.count,
    }).toEqual({ create: 8, query: 1, captureQuery: 9, finishedQuery: 2, missing: 1 });
  });

  it("order/query reads the order in the key's statement, and its errors keep their order", async () => {
    const bare = (p: string) => orderQuery.GET(new Request(`${BASE}${p}`));
    // No key: the key's error first, whatever the query says, and nothing is read.
    const noKey = await measure(() => bare("/api/open/v1/order/query"));
    expect(noKey).toMatchObject({ status: 401, body: { code: 401, msg: "API Key is required" }, count: 0 });
    // A key but no orderNo: the key alone is looked up (it may be wrong), then the query's error.
    const noOrder = await measure(() => orderQuery.GET(get("/api/open/v1/order/query")));
    expect(noOrder).toMatchObject({ status: 400, body: { code: 400, msg: "orderNo is required" }, count: 1 });
    const wrongKey = await measure(() =>
      orderQuery.GET(
        new Request(`${BASE}/api/open/v1/order/query?orderNo=AAAA`, { headers: { authorization: "Bearer mxk_nope" } }),
      ),
    );
    expect(wrongKey).toMatchObject({ status: 401, body: { code: 401, msg: "Invalid API Key" }, count: 1 });
    // Another team's order number joins to nothing: not found, as an unknown one.
    const other = await signUp({
      email: "round-trips-other@example.com",
      name: "Other",
      password: "a long password 1",
    });
    const otherTeam = (await db.membership.findFirstOrThrow({ where: { userId: other.id } })).teamId;
    const theirs = await db.order.create({
      data: {
        orderNo: "RTOTHERTEAM0000001",
        userId: other.id,
        teamId: otherTeam,
        type: "track-separation",
        messageId: "round-trips-other",
        pathKey: "https://example.com/b.mp3",
        holdAmount: 0,
      },
    });
    const foreign = await measure(() => orderQuery.GET(get(`/api/open/v1/order/query?orderNo=${theirs.orderNo}`)));
    expect(foreign).toMatchObject({ status: 400, body: { code: 400, msg: "Order not found" }, count: 1 });
    expect(foreign.sql[0]).toMatch(/LEFT JOIN "Order" o ON o\."orderNo" = .+ AND o\."teamId" = k\."teamId"/);
  });

  it("create_draft, add_audios and get_draft", async () => {
    const created = await measure(() => createDraftRoute.POST(post("/v1/create_draft", { width: 1920, height: 1080 })));
    const draftUrl = created.body.draft_url as string;
    const clip = (start: number) =>
      JSON.stringify([
        { audio_url: `${fixtures.baseUrl}/tone.mp3`, start, end: start + 1_000_000, duration: 3_000_000 },
      ]);
    await addAudiosRoute.POST(post("/v1/add_audios", { draft_url: draftUrl, audio_infos: clip(0) }));
    const added = await measure(() =>
      addAudiosRoute.POST(post("/v1/add_audios", { draft_url: draftUrl, audio_infos: clip(2_000_000) })),
    );
    expect(added.body).toMatchObject({ draft_url: draftUrl });
    const got = await measure(() => getDraftRoute.GET(get(`/v1/get_draft?draft_url=${encodeURIComponent(draftUrl)}`)));
    expect(got.status).toBe(200);
    // Before: create_draft 5, add_audios 10, get_draft 7 (the key alone was 4).
    expect({ createDraft: created.count, addAudios: added.count, getDraft: got.count }).toEqual({
      createDraft: 2,
      addAudios: 6,
      getDraft: 3,
    });
  });
});
