// Which engine serves each order type. Local engines are the offline default.
import path from "node:path";
import type { OrderType } from "@/lib/contracts/orders";
import { extendMusic } from "@/lib/engines/local-extend";
import { separateFile } from "@/lib/engines/local-separation/separate";
import { extractTextEngine } from "@/lib/engines/transcribe/chain";
import type { Engine, MusicEngine } from "@/lib/engines/types";

const STEMS: Record<"track-separation" | "extract-voice" | "extract-music", ("vocals" | "accompaniment")[]> = {
  "track-separation": ["vocals", "accompaniment"],
  "extract-voice": ["vocals"],
  "extract-music": ["accompaniment"],
};

function localSeparation(type: keyof typeof STEMS): Engine {
  return {
    name: "local-separation",
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

export function engineFor(type: OrderType): Engine {
  switch (type) {
    case "track-separation":
    case "extract-voice":
    case "extract-music":
      return localSeparation(type);
    case "extract-text":
      return extractTextEngine();
  }
}

export const resultName = (p: string) => path.basename(p);

/** The engine that serves `upload-extend` (Music API). A Suno-style relay plugs in here. */
export function musicEngine(): MusicEngine {
  return { name: "local-extend", extend: extendMusic };
}
