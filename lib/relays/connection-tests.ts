// "Test connection" per upstream kind: each kind's client module owns its own test (the balance or
// credit endpoint where the upstream has one); this map is the only place the admin side names them.
import "server-only";
import type { ConnectionTest, UpstreamKind } from "@/lib/relays/types";

export const connectionTests: Partial<Record<UpstreamKind, ConnectionTest>> = {};
