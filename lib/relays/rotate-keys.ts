// Rotating RELAY_MASTER_KEY: the operator sets the new key as RELAY_MASTER_KEY and the old one as
// RELAY_MASTER_KEY_PREVIOUS (both open keys meanwhile), runs `npm run admin -- rotate-relay-keys`,
// and unsets the previous key once it reports nothing left under it. A row neither key opens is
// reported, never touched: only an admin typing the key again can repair it.
import "server-only";
import { db } from "@/lib/db";
import { badRequest } from "@/lib/errors";
import { openKey, relayKeysConfigured, sealedWith, sealKey } from "@/lib/relays/crypto";

export type RotationReport = {
  resealed: string[];
  alreadyCurrent: string[];
  /** Neither configured master key opens these (or the stored value is damaged): enter their keys again. */
  unreadable: { id: string; name: string; why: string }[];
};

export async function rotateRelayKeys(): Promise<RotationReport> {
  if (!relayKeysConfigured()) throw badRequest("Set RELAY_MASTER_KEY (the new key) before rotating");
  const report: RotationReport = { resealed: [], alreadyCurrent: [], unreadable: [] };
  const rows = await db.upstream.findMany({
    select: { id: true, name: true, keyCipher: true },
    orderBy: { name: "asc" },
  });
  for (const u of rows) {
    const under = sealedWith(u.keyCipher);
    if (under === "current") {
      report.alreadyCurrent.push(u.name);
      continue;
    }
    if (under === "none") {
      report.unreadable.push({ id: u.id, name: u.name, why: "sealed under a master key that is not configured" });
      continue;
    }
    let plain: string;
    try {
      plain = openKey(u.keyCipher);
    } catch {
      report.unreadable.push({ id: u.id, name: u.name, why: "does not decrypt with RELAY_MASTER_KEY_PREVIOUS" });
      continue;
    }
    // Compare-and-set: an admin who saved a new key meanwhile wins over the rotation.
    const { count } = await db.upstream.updateMany({
      where: { id: u.id, keyCipher: u.keyCipher },
      data: { keyCipher: sealKey(plain) },
    });
    (count === 1 ? report.resealed : report.alreadyCurrent).push(u.name);
  }
  return report;
}
