// The media library over HTTP on the production build: a signed-in user sees the team's uploads
// with durations and playable links, gets waveform-data peaks as bytes, and can reach nothing of
// another team's; signed out, nothing.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import WaveformData from "waveform-data";
import { afterAll } from "vitest";
import { describe, expect, test } from "@/test/helpers/http-test";
import { Client } from "@/test/http/client";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-library-http-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function tone(name: string, seconds: number) {
  const file = path.join(dir, name);
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=440:sample_rate=44100:duration=${seconds}`,
    file,
  ]);
  return file;
}

async function upload(client: Client, file: string) {
  const form = new FormData();
  form.append("file", new Blob([fs.readFileSync(file)], { type: "audio/wav" }), path.basename(file));
  const res = await client.fetch("/api/uploads", { method: "POST", body: form });
  expect(res.status).toBe(201);
  return `upload:${((await res.json()) as { id: string }).id}`;
}

type Item = {
  ref: string;
  name: string;
  kind: string;
  source: { type: string };
  durationUs: number | null;
  url: string;
};

describe("GET /api/library, /api/library/item, /api/library/peaks", () => {
  test("the team's media, its peaks and its length; nothing of another team's", async ({ server, signedUp }) => {
    const alice = (await signedUp({ name: "Alice" })).client;
    const bob = (await signedUp({ name: "Bob" })).client;
    const ref = await upload(alice, tone("Take one.wav", 2));

    const list = await alice.fetch("/api/library");
    expect(list.status).toBe(200);
    const { items, nextCursor } = (await list.json()) as { items: Item[]; nextCursor: string | null };
    expect(nextCursor).toBeNull();
    expect(items).toEqual([
      expect.objectContaining({ ref, name: "Take one.wav", kind: "upload", source: { type: "file", id: null } }),
    ]);
    // The link plays (same origin, signed).
    const file = await alice.fetch(items[0].url);
    expect(file.status).toBe(200);
    expect((await file.arrayBuffer()).byteLength).toBe(fs.statSync(path.join(dir, "Take one.wav")).size);

    const item = await alice.fetch(`/api/library/item?ref=${encodeURIComponent(ref)}`);
    expect(((await item.json()) as Item).durationUs).toBe(2_000_000);

    const peaks = await alice.fetch(`/api/library/peaks?ref=${encodeURIComponent(ref)}&spp=600`);
    expect(peaks.status).toBe(200);
    expect(peaks.headers.get("content-type")).toBe("application/octet-stream");
    expect(peaks.headers.get("x-duration-us")).toBe("2000000");
    const wf = WaveformData.create(await peaks.arrayBuffer());
    expect([wf.scale, wf.sample_rate, wf.length]).toEqual([512, 44100, Math.ceil((2 * 44100) / 512)]);
    // A 440 Hz tone at full scale (lavfi's sine is at 1/8): every pixel's peak near ±16.
    expect(wf.channel(0).max_sample(10)).toBeGreaterThanOrEqual(15);

    // Bob's team: an empty library, and Alice's ref is "not found" wherever he uses it.
    expect(((await (await bob.fetch("/api/library")).json()) as { items: Item[] }).items).toEqual([]);
    for (const p of [`/api/library/peaks?ref=${ref}`, `/api/library/item?ref=${ref}`]) {
      const res = await bob.fetch(p);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await alice.fetch("/api/library?kind=nonsense")).status).toBe(400);
    expect((await new Client(server.baseUrl).fetch("/api/library")).status).toBe(401);
    expect((await new Client(server.baseUrl).fetch(`/api/library/peaks?ref=${ref}`)).status).toBe(401);
  });
});
