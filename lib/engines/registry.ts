// Which engine serves each order type. Local engines are the offline default; for the separation
// types an admin may choose an installed ONNX model instead (lib/engines/settings.ts).
import path from "node:path";
import type { SeparationType } from "@/lib/contracts/engines";
import type { OrderType } from "@/lib/contracts/orders";
import { extendMusic } from "@/lib/engines/local-extend";
import { ENGINE_ID, separateFile } from "@/lib/engines/local-separation/separate";
import { findModel, type InstalledModel } from "@/lib/engines/onnx-separation/models";
import { separateWithModel } from "@/lib/engines/onnx-separation/separate";
import { engineDefault } from "@/lib/engines/settings";
import { extractTextEngine } from "@/lib/engines/transcribe/chain";
import type { Engine, MusicEngine } from "@/lib/engines/types";
import type { RelayOrder } from "@/lib/relays/input-url";
import { routedEngine } from "@/lib/relays/route-engine";
import { routeFor } from "@/lib/relays/routes";

const STEMS: Record<"track-separation" | "extract-voice" | "extract-music", ("vocals" | "accompaniment")[]> = {
  "track-separation": ["vocals", "accompaniment"],
  "extract-voice": ["vocals"],
  "extract-music": ["accompaniment"],
};

/** The built-in DSP engine's name as recorded on orders (the default version, dsp-v2). */
export const DSP_ENGINE = ENGINE_ID;

function localSeparation(type: keyof typeof STEMS): Engine {
  return {
    name: DSP_ENGINE,
    async run(ctx) {
      const out = await separateFile(ctx.inputPath, ctx.outDir, {
        onProgress: ctx.onProgress,
        signal: ctx.signal,
        format: "mp3",
      });
      return STEMS[type].map((business) => ({ name: `${business}.mp3`, business, path: out[business] }));
    },
  };
}

function onnxSeparation(type: keyof typeof STEMS, model: InstalledModel): Engine {
  return {
    name: model.engine,
    async run(ctx) {
      const out = await separateWithModel(model, ctx.inputPath, ctx.outDir, {
        onProgress: ctx.onProgress,
        signal: ctx.signal,
        format: "mp3",
      });
      return STEMS[type].map((business) => ({ name: `${business}.mp3`, business, path: out[business] }));
    },
  };
}

/** The admin's choice for a separation type; a chosen model that is gone or broken falls back to
 * the DSP engine (logged, and the order records which engine really ran). */
async function separationEngine(type: SeparationType): Promise<Engine> {
  const choice = await engineDefault(type);
  if (choice !== "dsp") {
    const model = await findModel(choice.slice("onnx:".length));
    if (model && !model.error) return onnxSeparation(type, model);
    console.warn(
      `[engines] ${type}: the chosen model ${choice} is ${model ? `unusable (${model.error})` : "not installed"}; using ${DSP_ENGINE}`,
    );
  }
  return localSeparation(type);
}

function localEngineFor(type: OrderType): Promise<Engine> {
  switch (type) {
    case "track-separation":
    case "extract-voice":
    case "extract-music":
      return separationEngine(type);
    case "extract-text":
      return Promise.resolve(extractTextEngine());
  }
}

/**
 * The engine for an order type. With the order (a job runner's call), the admin's route for the
 * type decides (lib/relays/routes.ts): unset or ["local"] is this machine's engine as before;
 * otherwise an engine that walks the route, falling back step by step (lib/relays/route-engine.ts).
 */
export async function engineFor(type: OrderType, relay?: { order: RelayOrder; workerId: string }): Promise<Engine> {
  if (!relay) return localEngineFor(type);
  const route = await routeFor(type);
  if (route.length === 1 && route[0] === "local") return localEngineFor(type);
  return routedEngine(type, route, relay.order, relay.workerId, () => localEngineFor(type));
}

export const resultName = (p: string) => path.basename(p);

/** The engine that serves `upload-extend` (Music API). A Suno-style relay plugs in here. */
export function musicEngine(): MusicEngine {
  return { name: "local-extend", extend: extendMusic };
}
