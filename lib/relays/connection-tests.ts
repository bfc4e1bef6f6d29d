// "Test connection" per upstream kind: each kind's client module owns its own test (the balance or
// credit endpoint where the upstream has one); this map is the only place the admin side names them.
import "server-only";
import { openaiConnectionTest } from "@/lib/relays/openai/engine";
import { sunoConnectionTest } from "@/lib/relays/suno/client";
import type { ConnectionTest, UpstreamKind } from "@/lib/relays/types";
import { yinziConnectionTest } from "@/lib/relays/yinzi/client";

export const connectionTests: Record<UpstreamKind, ConnectionTest> = {
  yinzi: yinziConnectionTest,
  suno: sunoConnectionTest,
  "openai-transcribe": openaiConnectionTest,
};
