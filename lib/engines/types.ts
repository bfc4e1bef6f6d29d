// What every engine (local DSP, or a relay to a paid upstream) implements.
export type EngineFile = { name: string; business: string; path: string };

export type EngineContext = {
  inputPath: string;
  /** Where to write result files (absolute). */
  outDir: string;
  durationSec: number;
  onProgress: (fraction: number, stage: string) => void;
  signal: AbortSignal;
};

export type Engine = {
  name: string;
  run(ctx: EngineContext): Promise<EngineFile[]>;
};

/** The engine cannot serve this order type here: the order fails at once, uncharged. `code` is
 * what people are told (lib/contracts/failure.ts). */
export class EngineUnavailableError extends Error {
  constructor(
    message: string,
    readonly code: "engine_unavailable" | "transcription_unavailable" = "engine_unavailable",
  ) {
    super(message);
  }
}

/** A failure worth retrying (an upstream hiccup, a crashed child process). */
export class TransientEngineError extends Error {}

/** A music-extension engine (Music API upload-extend). The local one extends on this machine; a
 * relay to a Suno-style upstream fills `upstream` so the task can store the upstream side. */
export type MusicEngine = {
  name: string;
  extend(req: import("@/lib/engines/local-extend").ExtendRequest): Promise<
    import("@/lib/engines/local-extend").ExtendResult & {
      upstream?: { taskId: string; status: string; cost: number | null };
    }
  >;
};
