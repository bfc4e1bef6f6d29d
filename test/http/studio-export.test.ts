// "Export mix" over HTTP on the production build: a project's timeline exported as WAV becomes a
// finished free order (progress 1, nothing charged) whose file downloads and plays for its whole
// length, and shows up in the library; another team can neither export the project nor see the mix.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { probe } from "@/lib/media/ffmpeg";
import { describe, expect, test } from "@/test/helpers/http-test";
import type { Client } from "@/test/http/client";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-studio-export-http-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function upload(client: Client, name: string) {
  const file = path.join(dir, name);
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=440:sample_rate=48000:duration=2",
    file,
  ]);
  const form = new FormData();
  form.append("file", new Blob([fs.readFileSync(file)], { type: "audio/wav" }), name);
  const res = await client.fetch("/api/uploads", { method: "POST", body: form });
  expect(res.status).toBe(201);
  return `upload:${((await res.json()) as { id: string }).id}`;
}

describe("POST /api/studio/projects/:id/export", () => {
  test("renders the project as a free order whose WAV downloads; other teams get 404", async ({ signedUp }) => {
    const alice = (await signedUp({ name: "Alice" })).client;
    const bob = (await signedUp({ name: "Bob" })).client;
    const ref = await upload(alice, "tone.wav");
    const timeline = {
      schemaVersion: 1,
      tracks: [{ id: "t1", name: "One", muted: false, solo: false }],
      clips: [
        {
          id: "c1",
          trackId: "t1",
          media: ref,
          start: 500_000,
          sourceStart: 250_000,
          duration: 1_000_000,
          volume: 0.8,
          fadeIn: 100_000,
          fadeOut: 100_000,
        },
      ],
      media: { [ref]: { name: "tone.wav", durationUs: 2_000_000 } },
    };
    const created = await alice.fetch("/api/studio/projects", {
      method: "POST",
      json: { name: "Morning mix", timeline },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    expect(
      (await bob.fetch(`/api/studio/projects/${id}/export`, { method: "POST", json: { format: "wav" } })).status,
    ).toBe(404);
    expect(
      (await alice.fetch(`/api/studio/projects/${id}/export`, { method: "POST", json: { format: "ogg" } })).status,
    ).toBe(400);

    const res = await alice.fetch(`/api/studio/projects/${id}/export`, { method: "POST", json: { format: "wav" } });
    expect(res.status).toBe(202);
    const { orderNo } = (await res.json()) as { orderNo: string };
    type Detail = {
      status: string;
      progress: number;
      cost: number;
      payStatus: string;
      stuffs: { name: string; url: string }[];
    };
    let detail: Detail | undefined;
    for (let i = 0; i < 120 && detail?.status !== "finish"; i++) {
      detail = (await (await alice.fetch(`/api/orders/${orderNo}`)).json()) as Detail;
      if (detail.status === "failed") throw new Error(`export failed: ${JSON.stringify(detail)}`);
      if (detail.status !== "finish") await new Promise((r) => setTimeout(r, 250));
    }
    expect(detail).toMatchObject({ status: "finish", progress: 1, cost: 0, payStatus: "released" });
    expect(detail!.stuffs.map((s) => s.name)).toEqual(["Morning mix.wav"]);

    const wav = await fetch(detail!.stuffs[0].url);
    expect(wav.status).toBe(200);
    const out = path.join(dir, "mix.wav");
    fs.writeFileSync(out, Buffer.from(await wav.arrayBuffer()));
    const info = await probe(out);
    expect(info.audio).toMatchObject({ sampleRate: 48_000, channels: 2 });
    expect(info.durationSec).toBeCloseTo(1.5, 3);

    const lib = (await (await alice.fetch("/api/library?kind=export")).json()) as {
      items: { name: string; durationUs: number }[];
    };
    expect(lib.items).toEqual([expect.objectContaining({ name: "Morning mix.wav", durationUs: 1_500_000 })]);
    expect(((await (await bob.fetch("/api/library?kind=export")).json()) as { items: unknown[] }).items).toEqual([]);
    expect((await bob.fetch(`/api/orders/${orderNo}`)).status).toBe(404);
  });
});
