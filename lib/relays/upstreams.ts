// Reading upstream rows for the runtime: the key is opened only for the call that needs it and
// never leaves this process in a log, an error or an answer.
import "server-only";
import { db } from "@/lib/db";
import type { Upstream } from "@/lib/generated/prisma-sqlite";
import { openKey } from "@/lib/relays/crypto";
import type { UpstreamCreds, UpstreamKind } from "@/lib/relays/types";

export type UpstreamRow = Upstream;

export async function loadUpstream(id: string): Promise<UpstreamRow | null> {
  return db.upstream.findUnique({ where: { id } });
}

/** Decrypts the key for one call. Throws (a readable message, no key material) when the master key is gone. */
export function credsOf(upstream: Pick<UpstreamRow, "baseUrl" | "keyCipher" | "model">): UpstreamCreds {
  return { baseUrl: upstream.baseUrl.replace(/\/+$/, ""), apiKey: openKey(upstream.keyCipher), model: upstream.model };
}

/** May a route send work to it now: switched on by the admin and not out of rotation by itself. */
export const isRoutable = (u: Pick<UpstreamRow, "enabled" | "outOfRotation">) => u.enabled && !u.outOfRotation;

export const kindOf = (u: Pick<UpstreamRow, "kind">) => u.kind as UpstreamKind;

/** What Order.engine records for work an upstream did. */
export const relayEngineName = (u: Pick<UpstreamRow, "name">) => `relay:${u.name}`;
