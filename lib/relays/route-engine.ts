// An order type's route as one engine: the steps are tried in order. An upstream that is switched
// off or out of rotation is skipped; one that is down (5xx, timeouts, a refused key, a broken
// result file, after its retries) hands over to the next step; one whose account is empty leaves
// rotation and hands over; one that refuses the input fails the order with its reason (the
// existing lifecycle releases the hold, once). The engine's name becomes what really ran.
import "server-only";
import type { RoutableType, RouteStep } from "@/lib/contracts/relays";
import { type Engine, EngineUnavailableError, TransientEngineError } from "@/lib/engines/types";
import { takeOutOfRotation } from "@/lib/relays/health";
import type { RelayOrder } from "@/lib/relays/input-url";
import { upstreamIdOf } from "@/lib/relays/routes";
import { UpstreamError, type UpstreamKind } from "@/lib/relays/types";
import { isRoutable, loadUpstream, type UpstreamRow } from "@/lib/relays/upstreams";
import { openaiTranscribeEngine } from "@/lib/relays/openai/engine";
import { yinziEngine } from "@/lib/relays/yinzi/engine";

/** How an upstream step of each kind becomes an engine. openai-transcribe (extract-text) is added
 * by the transcription relay: a step of a kind missing here is skipped with a warning. */
export type StepEngineFactory = (upstream: UpstreamRow, order: RelayOrder, workerId: string) => Engine;
export const STEP_ENGINES: Partial<Record<UpstreamKind, StepEngineFactory>> = {
  yinzi: yinziEngine,
  "openai-transcribe": (upstream) => openaiTranscribeEngine(upstream),
};

export function routedEngine(
  type: RoutableType,
  route: RouteStep[],
  order: RelayOrder,
  workerId: string,
  local: () => Promise<Engine>,
): Engine {
  const engine: Engine = {
    name: route[0] === "local" ? "local" : `route:${type}`,
    async run(ctx) {
      let last: UpstreamError | null = null;
      for (const step of route) {
        let chosen: Engine;
        if (step === "local") chosen = await local();
        else {
          const upstream = await loadUpstream(upstreamIdOf(step) ?? "");
          if (!upstream || !isRoutable(upstream)) continue;
          const make = STEP_ENGINES[upstream.kind as UpstreamKind];
          if (!make) {
            console.warn(`[relays] ${type}: no engine for upstream kind ${upstream.kind}; skipped`);
            continue;
          }
          chosen = make(upstream, order, workerId);
          try {
            engine.name = chosen.name;
            return await chosen.run(ctx);
          } catch (error) {
            if (!(error instanceof UpstreamError) || ctx.signal.aborted) throw error;
            if (error.kind === "bad_request") throw error;
            if (error.kind === "insufficient_balance") await takeOutOfRotation(upstream.id, error.message);
            console.warn(
              `[relays] order ${order.orderNo}: ${upstream.name} ${error.kind} (${error.message}); trying the next step`,
            );
            last = error;
            continue;
          }
        }
        engine.name = chosen.name;
        return chosen.run(ctx);
      }
      if (last) throw new TransientEngineError(`Every upstream on the route failed; last: ${last.message}`);
      throw new EngineUnavailableError(`No step of the ${type} route can run now (upstreams off or out of rotation)`);
    },
  };
  return engine;
}
