// Test/bench fixtures: deterministic synthetic items generated with ffmpeg lavfi (no audio files in
// the repo). A "voice" (vibrato tone with harmonics and a syllable-like envelope) panned centre,
// and "accompaniment" (independent pink noise per side plus a tone panned hard right).
import { spawnSync } from "node:child_process";
import { ffmpegPath } from "@/lib/media/ffmpeg";

export const VOICE_EXPR =
  "(0.22*sin(2*PI*(330*t+1.5*sin(2*PI*5.5*t)))+0.09*sin(4*PI*(330*t+1.5*sin(2*PI*5.5*t)))" +
  "+0.05*sin(6*PI*(330*t+1.5*sin(2*PI*5.5*t))))*(0.55+0.45*sin(2*PI*1.7*t))";

function ff(args: string[]) {
  const r = spawnSync(ffmpegPath(), ["-nostdin", "-hide_banner", "-v", "error", "-y", ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr}`);
}

/** Centre voice, stereo, 32-bit float wav. */
export function makeVoice(out: string, durationSec: number) {
  ff([
    "-f",
    "lavfi",
    "-i",
    `aevalsrc=exprs='${VOICE_EXPR}|${VOICE_EXPR}':s=44100:d=${durationSec}`,
    "-c:a",
    "pcm_f32le",
    out,
  ]);
}

const SIDE_GRAPH = (d: number) =>
  `anoisesrc=c=pink:seed=11:a=0.12:r=44100:d=${d},aformat=sample_fmts=fltp:channel_layouts=mono[nl];` +
  `anoisesrc=c=pink:seed=23:a=0.12:r=44100:d=${d},aformat=sample_fmts=fltp:channel_layouts=mono[nr];` +
  `sine=f=196:r=44100:d=${d},volume=0.15,aformat=sample_fmts=fltp:channel_layouts=mono[tone];` +
  `[nl][nr][tone]amerge=inputs=3,pan=stereo|c0=c0|c1=c1+c2[out]`;

/** Side accompaniment (hard-left/right noise + hard-right tone), stereo, float wav. */
export function makeSide(out: string, durationSec: number) {
  ff(["-filter_complex", SIDE_GRAPH(durationSec), "-map", "[out]", "-c:a", "pcm_f32le", out]);
}

/** voice + side mixed without normalisation (amerge + pan sums). */
export function makeMix(out: string, durationSec: number, opts: { mono?: boolean; codec?: string } = {}) {
  const d = durationSec;
  const graph =
    `aevalsrc=exprs='${VOICE_EXPR}|${VOICE_EXPR}':s=44100:d=${d},aformat=sample_fmts=fltp:channel_layouts=stereo[v];` +
    SIDE_GRAPH(d).replace("[out]", ",aformat=sample_fmts=fltp:channel_layouts=stereo[s]") +
    `;[v][s]amerge=inputs=2,pan=stereo|c0=c0+c2|c1=c1+c3` +
    (opts.mono ? `,pan=mono|c0=0.5*c0+0.5*c1` : "") +
    `[out]`;
  ff(["-filter_complex", graph, "-map", "[out]", "-c:a", opts.codec ?? "pcm_f32le", out]);
}

/** Deterministic PRNG (mulberry32) giving values in [-0.5, 0.5). */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}
