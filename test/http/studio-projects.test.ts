// Studio projects over real HTTP: a team's shared timelines, saves by compare-and-set (a teammate's
// save in between is a 409 that says who and when; nothing is lost; overwrite is a save on the
// version the conflict named), normalization on save, and refs of another team refused.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MediaRef } from "@/lib/studio/types";
import { makeTone } from "@/test/helpers/media";
import { startServer, type TestServer } from "@/test/helpers/server";
import { call, clip, newProject, timelineOf, track, uploadMedia, type Project } from "@/test/helpers/studio";
import { Client } from "@/test/http/client";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-studio-projects-"));
const pw = "a long password 1";
let server: TestServer;
let alice: Client;
let bob: Client; // Alice's teammate
let eve: Client; // another team
let aliceId: string;
let bobId: string;
let tone: MediaRef;
let foreign: MediaRef;

async function person(name: string, invite?: string) {
  const c = new Client(server.baseUrl);
  const user = await c.signUp({
    email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`,
    name,
    password: pw,
    ...(invite ? { invite } : {}),
  });
  return { c, id: user.id };
}

beforeAll(async () => {
  server = await startServer({ env: { DATA_DIR: path.join(dir, "data") } });
  ({ c: alice, id: aliceId } = await person("Alice"));
  const inv = await call<{ url: string }>(alice, "POST", "/api/team/invites", { days: 7 });
  ({ c: bob, id: bobId } = await person("Bob", inv.body.url.split("/invite/")[1]));
  ({ c: eve } = await person("Eve"));
  tone = await uploadMedia(alice, makeTone(path.join(dir, "tone.mp3"), 4), "tone.mp3");
  foreign = await uploadMedia(eve, makeTone(path.join(dir, "secret.mp3"), 4, 500), "secret.mp3");
}, 180_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const oneClip = (start: number, volume = 1) =>
  timelineOf([track("t1", "Voice")], [clip("c1", "t1", tone, start, 1_000_000, { volume })], {
    [tone]: { name: "tone.mp3", durationUs: 4_000_000 },
  });

describe("projects belong to the team", () => {
  it("a teammate lists and opens the same project; another team sees nothing", async () => {
    const p = await newProject(alice, "  Podcast intro  ");
    expect(p).toMatchObject({ name: "Podcast intro", version: 0, draftId: null, createdBy: { id: aliceId } });
    expect(p.timeline.schemaVersion).toBe(1);
    expect(p.timeline.tracks.length).toBeGreaterThanOrEqual(1);

    const listed = await call<{ projects: { id: string; name: string }[] }>(bob, "GET", "/api/studio/projects");
    expect(listed.body.projects.map((x) => x.id)).toContain(p.id);
    expect((await call<Project>(bob, "GET", `/api/studio/projects/${p.id}`)).body.name).toBe("Podcast intro");

    const theirs = await call<{ projects: unknown[] }>(eve, "GET", "/api/studio/projects");
    expect(theirs.body.projects).toEqual([]);
    for (const [method, sub, json] of [
      ["GET", "", undefined],
      ["PATCH", "", { name: "mine now" }],
      ["PUT", "/timeline", { timeline: oneClip(0), baseVersion: 0 }],
      ["POST", "/apply", { newDraft: { width: 1920, height: 1080 } }],
      ["GET", "/audio-infos", undefined],
      ["DELETE", "", undefined],
    ] as const) {
      const r = await call(eve, method, `/api/studio/projects/${p.id}${sub}`, json);
      expect(r.status, `${method} ${sub}`).toBe(404);
    }
    expect((await call<Project>(alice, "GET", `/api/studio/projects/${p.id}`)).body).toMatchObject({
      name: "Podcast intro",
      version: 0,
    });
  });

  it("signed-out callers get 401, cross-site writes 403", async () => {
    const anon = new Client(server.baseUrl);
    expect((await call(anon, "GET", "/api/studio/projects")).status).toBe(401);
    const res = await alice.fetch("/api/studio/projects", {
      method: "POST",
      json: { name: "x" },
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(res.status).toBe(403);
  });

  it("rename keeps the version; delete removes it for everyone", async () => {
    const p = await newProject(alice, "Old name");
    const renamed = await call<Project>(bob, "PATCH", `/api/studio/projects/${p.id}`, { name: "New name" });
    expect(renamed.body).toMatchObject({ name: "New name", version: 0 });
    expect((await call(bob, "PATCH", `/api/studio/projects/${p.id}`, { name: "   " })).status).toBe(400);
    expect((await call(alice, "DELETE", `/api/studio/projects/${p.id}`)).body).toEqual({ deleted: true });
    expect((await call(bob, "GET", `/api/studio/projects/${p.id}`)).status).toBe(404);
  });
});

describe("saving: compare-and-set on the version", () => {
  it("a stale save is a 409 naming the version, who saved and when; nothing is lost; overwrite works", async () => {
    const p = await newProject(alice, "Shared");
    const bobOpened = (await call<Project>(bob, "GET", `/api/studio/projects/${p.id}`)).body;
    expect(bobOpened.version).toBe(0);

    const aliceSave = await call<{ version: number; savedAt: string }>(
      alice,
      "PUT",
      `/api/studio/projects/${p.id}/timeline`,
      { timeline: oneClip(0, 0.5), baseVersion: 0 },
    );
    expect(aliceSave.status).toBe(200);
    expect(aliceSave.body.version).toBe(1);

    // Bob edited the version he opened (0): refused, and told who saved in between and when.
    const stale = await bob.fetch(`/api/studio/projects/${p.id}/timeline`, {
      method: "PUT",
      json: { timeline: oneClip(2_000_000, 0.9), baseVersion: bobOpened.version },
    });
    expect(stale.status).toBe(409);
    expect(stale.headers.get("content-type")).toContain("application/problem+json");
    const conflict = await stale.json();
    expect(conflict).toMatchObject({
      status: 409,
      currentVersion: 1,
      savedBy: { id: aliceId, name: "Alice" },
      savedAt: aliceSave.body.savedAt,
    });
    expect(conflict.detail).toContain("Alice");

    // Alice's work is intact.
    const after = (await call<Project>(alice, "GET", `/api/studio/projects/${p.id}`)).body;
    expect(after.version).toBe(1);
    expect(after.timeline.clips).toEqual([expect.objectContaining({ start: 0, volume: 0.5 })]);
    expect(after.savedBy).toEqual({ id: aliceId, name: "Alice" });

    // Bob chooses "overwrite": the same timeline on the version the conflict named.
    const overwrite = await call<{ version: number }>(bob, "PUT", `/api/studio/projects/${p.id}/timeline`, {
      timeline: oneClip(2_000_000, 0.9),
      baseVersion: conflict.currentVersion,
    });
    expect(overwrite.body.version).toBe(2);
    const now = (await call<Project>(alice, "GET", `/api/studio/projects/${p.id}`)).body;
    expect(now.timeline.clips).toEqual([expect.objectContaining({ start: 2_000_000, volume: 0.9 })]);
    expect(now.savedBy).toEqual({ id: bobId, name: "Bob" });

    // Alice, still on version 1, is now the one told.
    const hers = await call<{ currentVersion: number; savedBy: { name: string } }>(
      alice,
      "PUT",
      `/api/studio/projects/${p.id}/timeline`,
      { timeline: oneClip(0), baseVersion: 1 },
    );
    expect(hers.status).toBe(409);
    expect(hers.body).toMatchObject({ currentVersion: 2, savedBy: { name: "Bob" } });
  });

  it("two saves racing on the same version: exactly one wins", async () => {
    const p = await newProject(alice, "Race");
    const results = await Promise.all(
      [alice, bob, alice, bob].map((c, i) =>
        call(c, "PUT", `/api/studio/projects/${p.id}/timeline`, { timeline: oneClip(i * 1_000_000), baseVersion: 0 }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    expect((await call<Project>(alice, "GET", `/api/studio/projects/${p.id}`)).body.version).toBe(1);
  });

  it("the server normalizes what it stores (fades within the clip, in-point within the media)", async () => {
    const p = await newProject(alice, "Clamp");
    const sent = timelineOf(
      [track("t1", "Voice")],
      [clip("c1", "t1", tone, 0, 2_000_000, { sourceStart: 3_500_000, fadeIn: 1_500_000, fadeOut: 1_500_000 })],
      { [tone]: { name: "tone.mp3", durationUs: 4_000_000 } },
    );
    const r = await call<{ version: number; timeline?: Project["timeline"] }>(
      alice,
      "PUT",
      `/api/studio/projects/${p.id}/timeline`,
      { timeline: sent, baseVersion: 0 },
    );
    expect(r.status).toBe(200);
    const stored = (await call<Project>(alice, "GET", `/api/studio/projects/${p.id}`)).body.timeline.clips[0];
    expect(stored.sourceStart + stored.duration).toBeLessThanOrEqual(4_000_000);
    expect(stored.fadeIn + stored.fadeOut).toBeLessThanOrEqual(stored.duration);
    expect(r.body.timeline?.clips[0]).toEqual(stored);
  });

  it("malformed timelines and versions are 400 with the field named", async () => {
    const p = await newProject(alice, "Bad");
    const url = `/api/studio/projects/${p.id}/timeline`;
    const noVersion = await call<{ fields: Record<string, string> }>(alice, "PUT", url, { timeline: oneClip(0) });
    expect(noVersion.status).toBe(400);
    expect(Object.keys(noVersion.body.fields)).toContain("baseVersion");
    const orphan = oneClip(0);
    orphan.clips[0].trackId = "nowhere";
    expect((await call(alice, "PUT", url, { timeline: orphan, baseVersion: 0 })).status).toBe(400);
    const negative = oneClip(0);
    negative.clips[0].start = -5;
    expect((await call(alice, "PUT", url, { timeline: negative, baseVersion: 0 })).status).toBe(400);
    expect((await call<Project>(alice, "GET", `/api/studio/projects/${p.id}`)).body.version).toBe(0);
  });
});

describe("another team's media can never be placed", () => {
  it("a save naming another team's upload is 404 Media not found and changes nothing", async () => {
    const p = await newProject(alice, "Guarded");
    await call(alice, "PUT", `/api/studio/projects/${p.id}/timeline`, { timeline: oneClip(0), baseVersion: 0 });
    const stolen = timelineOf(
      [track("t1", "Voice")],
      [clip("c1", "t1", tone, 0, 1_000_000), clip("c2", "t1", foreign, 2_000_000, 1_000_000)],
      { [tone]: { name: "tone.mp3", durationUs: 4_000_000 }, [foreign]: { name: "x.mp3", durationUs: 4_000_000 } },
    );
    const r = await call<{ detail: string }>(alice, "PUT", `/api/studio/projects/${p.id}/timeline`, {
      timeline: stolen,
      baseVersion: 1,
    });
    expect(r).toMatchObject({ status: 404, body: { detail: "Media not found" } });
    const after = (await call<Project>(alice, "GET", `/api/studio/projects/${p.id}`)).body;
    expect(after.version).toBe(1);
    expect(after.timeline.clips.map((c) => c.media)).toEqual([tone]);

    // Nor as the starting timeline of a new project, nor as a made-up ref.
    const created = await call<{ detail: string }>(alice, "POST", "/api/studio/projects", {
      name: "Sneaky",
      timeline: stolen,
    });
    expect(created).toMatchObject({ status: 404, body: { detail: "Media not found" } });
    const invented = oneClip(0);
    invented.clips[0].media = "file:does-not-exist";
    invented.media = { "file:does-not-exist": { name: "?", durationUs: 4_000_000 } };
    expect(
      (await call(alice, "PUT", `/api/studio/projects/${p.id}/timeline`, { timeline: invented, baseVersion: 1 }))
        .status,
    ).toBe(404);
    const listed = await call<{ projects: { name: string }[] }>(alice, "GET", "/api/studio/projects");
    expect(listed.body.projects.map((x) => x.name)).not.toContain("Sneaky");
  });
});
