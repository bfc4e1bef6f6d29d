// The task adapter of each upstream kind, for code that must talk to an upstream's tasks without
// an order at hand (reconciliation). The Suno-style relay adds its adapter here.
import "server-only";
import { sunoAdapter } from "@/lib/relays/suno/client";
import type { TaskAdapter, UpstreamKind } from "@/lib/relays/types";
import { yinziAdapter } from "@/lib/relays/yinzi/client";

export const TASK_ADAPTERS: Partial<Record<UpstreamKind, () => TaskAdapter>> = {
  yinzi: () => yinziAdapter(),
  suno: () => sunoAdapter,
};

export const adapterFor = (kind: string): TaskAdapter | null => TASK_ADAPTERS[kind as UpstreamKind]?.() ?? null;
