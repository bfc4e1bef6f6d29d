// Rotating the relay master key the way an operator does: new key in RELAY_MASTER_KEY, old one in
// RELAY_MASTER_KEY_PREVIOUS, `npm run admin -- rotate-relay-keys`, then the old key goes.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createUpstream, relaysView, updateUpstream } from "@/lib/relays/admin";
import { openKey, sealedWith } from "@/lib/relays/crypto";
import { runAdmin } from "@/test/helpers/admin-cli";

const OLD = randomBytes(32).toString("hex");
const NEW = randomBytes(32).toString("base64");
const LOST = randomBytes(32).toString("hex");
const keys = {
  yinzi: `yz-${randomBytes(10).toString("hex")}`,
  suno: `suno-${randomBytes(10).toString("hex")}`,
  orphan: `orphan-${randomBytes(10).toString("hex")}`,
};

const withKeys = async <T>(current: string, previous: string, fn: () => Promise<T>) => {
  vi.stubEnv("RELAY_MASTER_KEY", current);
  vi.stubEnv("RELAY_MASTER_KEY_PREVIOUS", previous);
  try {
    return await fn();
  } finally {
    vi.unstubAllEnvs();
  }
};

beforeAll(async () => {
  await withKeys(OLD, "", async () => {
    await createUpstream({ name: "YinziAI", kind: "yinzi", baseUrl: "https://y.example", apiKey: keys.yinzi });
    await createUpstream({ name: "Suno", kind: "suno", baseUrl: "https://s.example", apiKey: keys.suno });
  });
  // Sealed under a key nobody configured any more (an earlier rotation finished without it).
  await withKeys(LOST, "", () =>
    createUpstream({ name: "Orphan", kind: "yinzi", baseUrl: "https://o.example", apiKey: keys.orphan }),
  );
});

describe("npm run admin -- rotate-relay-keys", () => {
  it("refuses to run without the new key", async () => {
    const run = await runAdmin(["rotate-relay-keys"], { RELAY_MASTER_KEY: "", RELAY_MASTER_KEY_PREVIOUS: OLD });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Set RELAY_MASTER_KEY/);
  });

  it("re-seals every key under the new master key and reports the rows neither key opens", async () => {
    const run = await runAdmin(["rotate-relay-keys"], { RELAY_MASTER_KEY: NEW, RELAY_MASTER_KEY_PREVIOUS: OLD });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/resealed\tSuno/);
    expect(run.stdout).toMatch(/resealed\tYinziAI/);
    expect(run.stdout).toMatch(/2 resealed, 0 already current, 1 unreadable/);
    expect(run.stderr).toMatch(/UNREADABLE\tOrphan/);
    for (const k of Object.values(keys)) expect(run.stdout + run.stderr).not.toContain(k);

    // With only the new key configured, the rotated rows open to the same keys; the orphan is flagged.
    await withKeys(NEW, "", async () => {
      const rows = await db.upstream.findMany({ orderBy: { name: "asc" } });
      const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
      expect(openKey(byName.YinziAI.keyCipher)).toBe(keys.yinzi);
      expect(openKey(byName.Suno.keyCipher)).toBe(keys.suno);
      expect(sealedWith(byName.Orphan.keyCipher)).toBe("none");
      const view = await relaysView();
      expect(view.upstreams.filter((u) => u.keyUnreadable).map((u) => u.name)).toEqual(["Orphan"]);
    });
  });

  it("is done once the admin types the lost key again: a second run changes nothing and exits 0", async () => {
    await withKeys(NEW, "", async () => {
      const orphan = await db.upstream.findUniqueOrThrow({ where: { name: "Orphan" } });
      await updateUpstream(orphan.id, { apiKey: keys.orphan });
    });
    const before = await db.upstream.findMany({ orderBy: { name: "asc" }, select: { keyCipher: true } });
    const run = await runAdmin(["rotate-relay-keys"], { RELAY_MASTER_KEY: NEW, RELAY_MASTER_KEY_PREVIOUS: "" });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/0 resealed, 3 already current, 0 unreadable/);
    expect(await db.upstream.findMany({ orderBy: { name: "asc" }, select: { keyCipher: true } })).toEqual(before);
  });
});
