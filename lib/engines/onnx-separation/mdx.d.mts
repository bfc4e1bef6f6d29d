// Types for mdx.mjs (plain JS so the worker thread needs no TypeScript loader).
export interface MdxParams {
  /** STFT frame length (UVR's mdx_n_fft_scale_set). */
  nFft: number;
  /** STFT hop (1024 for every UVR MDX-Net model). */
  hop: number;
  /** Frequency bins the model sees (mdx_dim_f_set). */
  dimF: number;
  /** Frames per chunk (2 ** mdx_dim_t_set). */
  dimT: number;
  /** Gain applied to the model's output. */
  compensate: number;
  /** What the model outputs. */
  target: "vocals" | "instrumental";
}

export function checkParams(p: MdxParams): MdxParams;

export class ChunkCodec {
  constructor(params: MdxParams);
  readonly nFft: number;
  readonly hop: number;
  readonly dimF: number;
  readonly dimT: number;
  readonly chunk: number;
  readonly tensorSize: number;
  analyze(l: Float32Array, r: Float32Array, out: Float32Array): void;
  synthesize(spec: Float32Array, l: Float32Array, r: Float32Array): void;
}

type Run = (input: Float32Array) => Promise<Float32Array>;
type Stereo = { left: Float32Array; right: Float32Array };

export function demix(
  left: Float32Array,
  right: Float32Array,
  params: MdxParams,
  run: Run,
  opts?: { onProgress?: (fraction: number) => void },
): Promise<Stereo & { chunks: number }>;

export function separateStems(
  left: Float32Array,
  right: Float32Array,
  params: MdxParams,
  run: Run,
  opts?: { onProgress?: (fraction: number) => void },
): Promise<{ vocals: Stereo; accompaniment: Stereo; chunks: number }>;
