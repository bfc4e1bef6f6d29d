// Thin, typed helpers around the ffmpeg / ffprobe binaries.
//
// - Binaries come from FFMPEG_PATH / FFPROBE_PATH (default: `ffmpeg` / `ffprobe` on PATH).
// - Always `spawn` with an argument array (never a shell), so file names are never interpreted.
// - Every call has a timeout and honours an AbortSignal (the child is killed with SIGKILL).
// - Failures throw `MediaError` whose `message` is safe to show to a user; ffmpeg's last stderr
//   lines are kept in `detail` for logs.
// - PCM crosses the pipe as interleaved 32-bit float little-endian (`-f f32le`).
import "server-only";
import { spawn } from "node:child_process";
import { unlink } from "node:fs/promises";
import path from "node:path";
import type { Writable } from "node:stream";
import { env } from "@/lib/env";

export type MediaErrorKind = "not_media" | "no_audio" | "failed";

export class MediaError extends Error {
  constructor(
    readonly kind: MediaErrorKind,
    /** User-facing message. */
    message: string,
    /** Technical detail for logs (ffmpeg's last stderr lines, exit code…). */
    readonly detail?: string,
  ) {
    super(message);
    this.name = "MediaError";
  }
}

export interface ProbeResult {
  /** Container duration in seconds (0 when ffprobe cannot tell). */
  durationSec: number;
  /** ffprobe `format_name`, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "wav". */
  format: string;
  /** The allowlisted demuxer that read it ("mov", "wav"…), to force on later opens. */
  demuxer: string;
  /** First audio stream, or null when there is none. */
  audio: {
    codec: string;
    sampleRate: number;
    channels: number;
    /** The decoder's sample format ("s16", "fltp"…; "" when unknown). */
    sampleFmt?: string;
    /** ffprobe's channel layout ("mono", "stereo", "5.1"…; "unknown" when undeclared, "" when absent). */
    channelLayout?: string;
  } | null;
  /** True when the file has a real video stream (cover art and text "video" excluded). */
  video: boolean;
}

export interface StereoPcm {
  left: Float32Array;
  right: Float32Array;
  sampleRate: number;
}

export interface RunOptions {
  /** Kill the process and reject after this many milliseconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const ffmpegPath = (): string => env().FFMPEG_PATH;
export const ffprobePath = (): string => env().FFPROBE_PATH;

const STDERR_KEEP = 4096;
const DEFAULT_PROBE_TIMEOUT_MS = 30_000;
const DEFAULT_CODEC_TIMEOUT_MS = 15 * 60_000;

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException("The operation was aborted", "AbortError");
}

/** Last few non-empty lines of ffmpeg's stderr, for logs. */
function tail(stderr: string, lines = 6): string {
  return stderr.trim().split(/\r?\n/).filter(Boolean).slice(-lines).join("\n");
}

interface Spawned {
  stdin: Writable | null;
  /** Resolves with the exit code; rejects on spawn failure, timeout or abort. */
  done: Promise<{ code: number | null; stderr: string }>;
  kill: () => void;
}

/**
 * Spawns a binary with a timeout and an AbortSignal. stdout chunks go to `onStdout`; stderr is kept
 * (last 4 KB) for error messages.
 */
function run(
  bin: string,
  args: string[],
  opts: RunOptions & {
    stdin?: boolean;
    onStdout?: (chunk: Buffer) => void;
    /** Every stderr chunk (filters such as silencedetect report there); stderr is still kept. */
    onStderr?: (text: string) => void;
    what: string;
  },
): Spawned {
  const { signal, timeoutMs = DEFAULT_CODEC_TIMEOUT_MS } = opts;
  const child = spawn(bin, args, {
    stdio: [opts.stdin ? "pipe" : "ignore", opts.onStdout ? "pipe" : "ignore", "pipe"],
    windowsHide: true,
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (s: string) => {
    opts.onStderr?.(s);
    stderr += s;
    if (stderr.length > STDERR_KEEP * 2) stderr = stderr.slice(-STDERR_KEEP);
  });
  if (opts.onStdout) child.stdout!.on("data", opts.onStdout);
  // EPIPE when ffmpeg exits early is reported through the exit code instead.
  child.stdin?.on("error", () => {});

  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };

  const done = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      fn();
    };
    const onAbort = () => {
      kill();
      finish(() => reject(abortError(signal!)));
    };
    const timer = setTimeout(() => {
      kill();
      finish(() => reject(new MediaError("failed", `Media processing timed out (${opts.what})`, tail(stderr))));
    }, timeoutMs);
    timer.unref?.();
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    child.once("error", (err: NodeJS.ErrnoException) => {
      const msg =
        err.code === "ENOENT"
          ? `The media tool is not installed (${bin} not found)`
          : `The media tool could not be started (${opts.what})`;
      finish(() => reject(new MediaError("failed", msg, String(err))));
    });
    // "close" waits for stdio to drain, so every stdout chunk has been delivered.
    child.once("close", (code) => finish(() => resolve({ code, stderr })));
  });
  return { stdin: child.stdin, done, kill };
}

/** The head of every ffmpeg command here: no stdin, no banner, errors only. */
const QUIET = ["-nostdin", "-hide_banner", "-v", "error"];
/** The input's first audio stream and nothing else. */
const FIRST_AUDIO = ["-map", "0:a:0", "-vn", "-sn", "-dn"];

/**
 * Waits for a run; a non-zero exit becomes a MediaError: "no_audio" when the first audio stream
 * was asked for and there is none (unless `audio` is false), else `kind` with `message` (detail:
 * the exit code and stderr's tail). With `outPath`, the partial output is removed on any failure,
 * an abort or a timeout included.
 */
async function settle(
  p: Spawned,
  fail: { kind: MediaErrorKind; message: string; outPath?: string; audio?: boolean },
): Promise<void> {
  try {
    const { code, stderr } = await p.done;
    if (code === 0) return;
    if (fail.audio !== false && /matches no streams/i.test(stderr))
      throw new MediaError("no_audio", "The file has no audio track", tail(stderr));
    throw new MediaError(fail.kind, fail.message, `exit ${code}\n${tail(stderr)}`);
  } catch (err) {
    if (fail.outPath) {
      p.kill();
      await unlink(fail.outPath).catch(() => {});
    }
    throw err;
  }
}

function isRealVideo(s: FfprobeStream, formatName: string): boolean {
  if (s.codec_type !== "video") return false;
  if (s.disposition?.attached_pic) return false; // cover art in mp3/m4a
  if (s.codec_name === "ansi") return false; // "tty" demuxer: a text file
  if (/(^|,)(image2|tty)(,|$)|_pipe$/.test(formatName)) return false; // still images
  return true;
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  sample_rate?: string;
  sample_fmt?: string;
  channels?: number;
  channel_layout?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
}

interface FfprobeOutput {
  format?: { format_name?: string; duration?: string };
  streams?: FfprobeStream[];
}

// ---- Untrusted input: the one way in -----------------------------------------------------------
//
// Threat model. Every file handed to ffprobe/ffmpeg here may have been written by an attacker (a
// fetched URL, an upload, a short-video CDN). ffmpeg picks a demuxer from the file's *content*,
// and several demuxers open further resources named inside the file: HLS/DASH playlists and
// concat lists open their segments (relative paths resolve against the playlist's own location
// in DATA_DIR, so `../../results/<someone else's order>/accompaniment.mp3` read another team's
// result, and an http segment made the server fetch around the SSRF guard); image2 expands
// patterns; tee/data/subfile/crypto protocols reinterpret names; mov can follow "dref" external
// references. A playlist also lets the file declare any duration it likes (issue: 300 s billed
// as 1 s). So every untrusted open goes through `untrustedInput()`:
//   - `-protocol_whitelist file`: the only protocol any (nested) open may use is a local file, so
//     nothing is ever fetched from the network or a pipe/data/concat/subfile pseudo-protocol;
//   - `-format_whitelist <AUDIO_VIDEO_DEMUXERS>`: an allowlist of plain single-file containers;
//     playlists (hls, dash, concat), image sequences, tee, text "formats" and everything else is
//     refused by libavformat right after detection, before the demuxer reads its header (so before
//     any segment is opened). Probing and decoding both carry it;
//   - the path is made absolute and prefixed `file:` so it is never parsed as another protocol or
//     an option;
//   - once probed, later opens force the detected demuxer with `-f`, so nothing can re-detect the
//     file differently; mov's `enable_drefs` stays at its default 0 (and is forced 0 with mov).
// Billed lengths come from `measureDurationSec` (decoded samples), never from the container.

/**
 * Demuxers of ordinary single-file audio/video containers. None of them opens another file or
 * URL named inside the input (mov only with `enable_drefs`, which is off).
 */
export const AUDIO_VIDEO_DEMUXERS = [
  "mp3",
  "aac",
  "ac3",
  "eac3",
  "dts",
  "flac",
  "wav",
  "w64",
  "aiff",
  "caf",
  "ogg",
  "wv",
  "ape",
  "amr",
  "mov",
  "matroska",
  "flv",
  "mpegts",
  "mpeg",
  "asf",
  "avi",
] as const;

/** Input options + `-i <file>` for one untrusted local file (see the threat model above). */
export function untrustedInput(file: string, demuxer?: string): string[] {
  if (demuxer !== undefined && !(AUDIO_VIDEO_DEMUXERS as readonly string[]).includes(demuxer)) {
    throw new MediaError("not_media", "The file is not audio or video", `demuxer ${demuxer} is not allowed`);
  }
  return [
    "-protocol_whitelist",
    "file",
    "-format_whitelist",
    AUDIO_VIDEO_DEMUXERS.join(","),
    ...(demuxer ? ["-f", demuxer] : []),
    ...(demuxer === "mov" ? ["-enable_drefs", "0"] : []),
    "-i",
    `file:${path.resolve(file)}`,
  ];
}

/** The allowlisted demuxer behind an ffprobe `format_name` ("mov,mp4,m4a,…" → "mov"). */
function demuxerOf(formatName: string): string | null {
  const names = formatName.split(",");
  return AUDIO_VIDEO_DEMUXERS.find((d) => names.includes(d)) ?? null;
}

/**
 * Validates a media file and reads its declared properties (through `untrustedInput`).
 * `durationSec` here is what the container claims: use `inspectMedia` for a length to bill on.
 * @throws MediaError "not_media" (not audio/video, or a refused format such as a playlist),
 *   "no_audio" (video without sound), "failed".
 */
export async function probe(file: string, opts: RunOptions = {}): Promise<ProbeResult> {
  let out = "";
  const p = run(
    ffprobePath(),
    ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", ...untrustedInput(file)],
    { ...opts, timeoutMs: opts.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS, what: "probe", onStdout: (c) => (out += c) },
  );
  const { code, stderr } = await p.done;
  if (code !== 0) {
    if (/No such file or directory|Permission denied/i.test(stderr)) {
      throw new MediaError("failed", "The file could not be read", tail(stderr));
    }
    throw new MediaError("not_media", "The file is not audio or video", tail(stderr));
  }
  let parsed: FfprobeOutput;
  try {
    parsed = JSON.parse(out) as FfprobeOutput;
  } catch {
    throw new MediaError("failed", "The file could not be analysed", out.slice(0, 500));
  }
  const formatName = parsed.format?.format_name ?? "";
  const demuxer = demuxerOf(formatName);
  // Unreachable while the whitelist holds; kept so a future ffmpeg cannot widen it silently.
  if (!demuxer) throw new MediaError("not_media", "The file is not audio or video", `format ${formatName}`);
  const streams = parsed.streams ?? [];
  const a = streams.find((s) => s.codec_type === "audio");
  const video = streams.some((s) => isRealVideo(s, formatName));
  if (!a && !video) throw new MediaError("not_media", "The file is not audio or video");
  if (!a) throw new MediaError("no_audio", "The file has no audio track");
  const num = (v: string | undefined) => {
    const n = Number(v);
    return Number.isFinite(n) && n > 0 ? n : 0;
  };
  return {
    durationSec: num(parsed.format?.duration) || num(a.duration),
    format: formatName,
    demuxer,
    audio: {
      codec: a.codec_name ?? "unknown",
      sampleRate: num(a.sample_rate),
      channels: a.channels ?? 0,
      sampleFmt: a.sample_fmt ?? "",
      channelLayout: a.channel_layout ?? "",
    },
    video,
  };
}

// Mono unsigned 8-bit: one byte per sample (≈ 26 MB through the pipe for 10 minutes at 44.1 kHz).
// The output rate is pinned (`-ar`), so the count is exact even when the stream changes rate
// midway; pinning it to the probed rate means no resampling at all in the usual case (a third less
// CPU than resampling to 8 kHz), and a lying probed rate only changes the unit, not the length.
const FALLBACK_MEASURE_RATE = 8000;
// A few MB of compressed silence can decode to days: measuring stops here and the file is refused,
// so neither the measure nor the engine (which holds the whole PCM in memory) runs unbounded.
export const MAX_MEDIA_SEC = 6 * 3600;

/**
 * The length of the first audio stream by decoding it and counting samples. Timestamps and
 * header fields are attacker-controlled (a Matroska Duration, an HLS EXTINF, a jump in pts);
 * the number of samples that come out of the decoder is what the engine will actually process.
 */
export async function measureDurationSec(
  file: string,
  demuxer: string,
  opts: RunOptions & { sampleRate?: number; maxSec?: number } = {},
): Promise<number> {
  const maxSec = opts.maxSec ?? MAX_MEDIA_SEC;
  const rate =
    opts.sampleRate && opts.sampleRate >= 1000 && opts.sampleRate <= 384_000
      ? Math.round(opts.sampleRate)
      : FALLBACK_MEASURE_RATE;
  let samples = 0;
  const p = run(
    ffmpegPath(),
    [
      ...QUIET,
      ...untrustedInput(file, demuxer),
      ...FIRST_AUDIO,
      "-ac",
      "1",
      "-ar",
      String(rate),
      "-t",
      String(maxSec + 1),
      "-c:a",
      "pcm_u8",
      "-f",
      "u8",
      "pipe:1",
    ],
    { ...opts, what: "measure", onStdout: (c) => (samples += c.length) },
  );
  await settle(p, { kind: "not_media", message: "The audio could not be decoded" });
  const sec = samples / rate;
  if (sec > maxSec) {
    const limit = maxSec >= 3600 ? `${+(maxSec / 3600).toFixed(1)} hours` : `${maxSec} s`;
    throw new MediaError("not_media", `The media is longer than ${limit}`);
  }
  return sec;
}

/**
 * `probe` + `measureDurationSec`: `durationSec` is the decoded length, the one to bill and store.
 *
 * Why bill on the decoded length instead of refusing when declared and decoded disagree: honest
 * files disagree too (VBR mp3 without a Xing header, streams cut short, broken muxers), so a
 * tolerance would either refuse real customers or leave a margin to cheat within; the decoded
 * length is what the engine processes, costs nothing to trust and cannot be lied about.
 * A file that decodes to nothing is refused.
 */
export async function inspectMedia(
  file: string,
  opts: RunOptions = {},
): Promise<ProbeResult & { declaredDurationSec: number }> {
  const info = await probe(file, opts);
  const measured = await measureDurationSec(file, info.demuxer, { ...opts, sampleRate: info.audio?.sampleRate });
  if (!(measured > 0)) throw new MediaError("not_media", "The file has no decodable audio");
  return { ...info, durationSec: measured, declaredDurationSec: info.durationSec };
}

/**
 * Interleaved f32le chunks, kept as they arrive and split into two exact-length channels once at
 * the end: no growing arrays to zero-fill and copy (for a 3-minute decode that copying cost more
 * CPU than the split itself). Peak memory ≈ the PCM twice, once interleaved and once split.
 */
class StereoSink {
  private chunks: (Buffer | null)[] = [];
  private bytes = 0;

  push(chunk: Buffer) {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
  }

  result(): { left: Float32Array; right: Float32Array } {
    const frames = Math.floor(this.bytes / 8);
    const left = new Float32Array(frames);
    const right = new Float32Array(frames);
    const rem = new Uint8Array(8); // a frame split across two chunks
    const remDv = new DataView(rem.buffer);
    let remLen = 0;
    let n = 0;
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      this.chunks[c] = null; // let it go as soon as it is split
      let off = 0;
      if (remLen > 0) {
        const take = Math.min(8 - remLen, chunk.length);
        rem.set(chunk.subarray(0, take), remLen);
        remLen += take;
        off = take;
        if (remLen < 8) continue;
        left[n] = remDv.getFloat32(0, true);
        right[n] = remDv.getFloat32(4, true);
        n++;
        remLen = 0;
      }
      const count = Math.floor((chunk.length - off) / 8);
      if (LITTLE_ENDIAN && (chunk.byteOffset + off) % 4 === 0) {
        const f = new Float32Array(chunk.buffer, chunk.byteOffset + off, count * 2);
        for (let i = 0; i < count; i++, n++) {
          left[n] = f[2 * i];
          right[n] = f[2 * i + 1];
        }
      } else {
        const dv = new DataView(chunk.buffer, chunk.byteOffset + off, count * 8);
        for (let i = 0, b = 0; i < count; i++, b += 8, n++) {
          left[n] = dv.getFloat32(b, true);
          right[n] = dv.getFloat32(b + 4, true);
        }
      }
      off += count * 8;
      if (off < chunk.length) {
        rem.set(chunk.subarray(off), 0);
        remLen = chunk.length - off;
      }
    }
    this.chunks = [];
    return { left, right };
  }
}

export interface DecodeOptions extends RunOptions {
  sampleRate?: number;
  /** Output is always stereo: mono input is upmixed by ffmpeg (`-ac 2`), surround downmixed. */
  channels?: 2;
  /** Known duration (from probe). No longer needed: the sink sizes its arrays exactly at the end. */
  expectedDurationSec?: number;
  /** The demuxer `probe` found, forced so the file cannot be re-detected as something else. */
  demuxer?: string;
}

/** Decodes the first audio stream to two float channels at `sampleRate` (default 44.1 kHz). */
export async function decodeToFloat32(file: string, opts: DecodeOptions = {}): Promise<StereoPcm> {
  const sampleRate = opts.sampleRate ?? 44100;
  const sink = new StereoSink();
  const p = run(
    ffmpegPath(),
    [
      ...QUIET,
      ...untrustedInput(file, opts.demuxer),
      ...FIRST_AUDIO,
      "-ac",
      "2",
      "-ar",
      String(sampleRate),
      "-c:a",
      "pcm_f32le",
      "-f",
      "f32le",
      "pipe:1",
    ],
    { ...opts, what: "decode", onStdout: (c) => sink.push(c) },
  );
  const { code, stderr } = await p.done;
  if (code !== 0) {
    if (/Invalid data found|could not find codec|does not contain any stream|not on whitelist/i.test(stderr)) {
      throw new MediaError("not_media", "The file is not audio or video", tail(stderr));
    }
    if (/matches no streams/i.test(stderr)) {
      throw new MediaError("no_audio", "The file has no audio track", tail(stderr));
    }
    throw new MediaError("failed", "The audio could not be decoded", `exit ${code}\n${tail(stderr)}`);
  }
  return { ...sink.result(), sampleRate };
}

export interface EncodeOptions extends RunOptions {
  format: "mp3" | "wav";
  /** mp3 bitrate, default "192k". */
  bitrate?: string;
  /** wav sample format: 16-bit PCM (default, plays everywhere) or 32-bit float (lossless). */
  wavSampleFormat?: "s16" | "f32";
  /** Called with the fraction of samples handed to ffmpeg (0..1). */
  onProgress?: (fraction: number) => void;
  /** Container tags, e.g. `{ title }` (ID3v2 for mp3); passed as one argv item each, never a shell. */
  metadata?: Record<string, string>;
}

const ENCODE_CHUNK_FRAMES = 16384;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Interleaved f32le bytes of frames [start, start + n). */
function interleave(left: Float32Array, right: Float32Array, start: number, n: number): Buffer {
  if (LITTLE_ENDIAN) {
    const f = new Float32Array(n * 2);
    for (let i = 0, j = start; i < n; i++, j++) {
      f[2 * i] = left[j];
      f[2 * i + 1] = right[j];
    }
    return Buffer.from(f.buffer, 0, n * 8);
  }
  const buf = Buffer.allocUnsafe(n * 8);
  for (let i = 0; i < n; i++) {
    buf.writeFloatLE(left[start + i], i * 8);
    buf.writeFloatLE(right[start + i], i * 8 + 4);
  }
  return buf;
}

/**
 * Encodes two float channels to `outPath` (mp3 via libmp3lame 192k CBR, or wav). PCM is written to
 * ffmpeg's stdin in interleaved chunks with backpressure. A partial output is removed on failure.
 */
export async function encodeFromFloat32(pcm: StereoPcm, outPath: string, opts: EncodeOptions): Promise<void> {
  const { left, right, sampleRate } = pcm;
  if (left.length !== right.length) throw new Error("encodeFromFloat32: channel lengths differ");
  const codec =
    opts.format === "mp3"
      ? ["-c:a", "libmp3lame", "-b:a", opts.bitrate ?? "192k", "-f", "mp3"]
      : ["-c:a", opts.wavSampleFormat === "f32" ? "pcm_f32le" : "pcm_s16le", "-f", "wav"];
  const p = run(
    ffmpegPath(),
    [
      ...QUIET,
      "-y",
      "-f",
      "f32le",
      "-ar",
      String(sampleRate),
      "-ac",
      "2",
      "-i",
      "pipe:0",
      ...Object.entries(opts.metadata ?? {}).flatMap(([k, v]) => ["-metadata", `${k}=${v}`]),
      ...codec,
      outPath,
    ],
    { ...opts, stdin: true, what: "encode" },
  );
  const stdin = p.stdin!;
  let stopped = false;
  let wake: (() => void) | null = null;
  const stop = () => {
    stopped = true;
    wake?.();
  };
  // Wakes a writer blocked on backpressure when ffmpeg exits or the job is aborted.
  p.done.then(stop, stop);
  const writer = (async () => {
    const total = left.length;
    for (let start = 0; start < total && !stopped; start += ENCODE_CHUNK_FRAMES) {
      const n = Math.min(ENCODE_CHUNK_FRAMES, total - start);
      // A fresh buffer per chunk: stdin keeps a reference until it is flushed.
      const buf = interleave(left, right, start, n);
      const ok = stdin.write(buf);
      opts.onProgress?.((start + n) / total);
      if (!ok && !stopped) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stdin.off("drain", done);
            wake = null;
            resolve();
          };
          wake = done;
          stdin.on("drain", done);
        });
      }
    }
    if (!stopped) stdin.end();
  })();
  try {
    const { code, stderr } = await p.done;
    await writer;
    if (code !== 0) {
      throw new MediaError("failed", "The audio could not be encoded", `exit ${code}\n${tail(stderr)}`);
    }
  } catch (err) {
    stop();
    p.kill();
    await unlink(outPath).catch(() => {});
    throw err;
  }
}

/**
 * Copies the first audio track of an untrusted file into an AAC-in-MP4 (.m4a) at `outPath`,
 * reading through `untrustedInput` with the demuxer `probe` found. A partial output is removed.
 */
export async function extractAudioTrack(
  file: string,
  demuxer: string,
  outPath: string,
  opts: RunOptions = {},
): Promise<void> {
  const p = run(
    ffmpegPath(),
    [
      ...QUIET,
      "-y",
      ...untrustedInput(file, demuxer),
      ...FIRST_AUDIO,
      "-c:a",
      "aac",
      "-b:a",
      "192k",
      "-f",
      "mp4",
      outPath,
    ],
    { ...opts, what: "extract audio" },
  );
  await settle(p, { kind: "not_media", message: "The audio track could not be extracted", outPath });
}

// ---- Text extraction helpers (extract-text engines) -------------------------------------------

/** Text subtitle codecs ffmpeg can turn into SubRip; bitmap ones (PGS, VobSub, DVB) are not text. */
export const TEXT_SUBTITLE_CODECS = ["subrip", "srt", "ass", "ssa", "mov_text", "webvtt", "text"] as const;

export type SubtitleStream = { index: number; codec: string; language: string | null; title: string | null };

/** The subtitle streams of an untrusted file (index is the absolute stream index). */
export async function subtitleStreams(file: string, demuxer: string, opts: RunOptions = {}): Promise<SubtitleStream[]> {
  let out = "";
  const p = run(
    ffprobePath(),
    ["-v", "error", "-print_format", "json", "-show_streams", "-select_streams", "s", ...untrustedInput(file, demuxer)],
    {
      ...opts,
      timeoutMs: opts.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
      what: "probe subtitles",
      onStdout: (c) => (out += c),
    },
  );
  const { code, stderr } = await p.done;
  if (code !== 0) throw new MediaError("not_media", "The file could not be analysed", tail(stderr));
  type S = { index?: number; codec_name?: string; tags?: { language?: string; title?: string } };
  const streams = ((JSON.parse(out) as { streams?: S[] }).streams ?? []) as S[];
  return streams
    .filter((s) => typeof s.index === "number")
    .map((s) => ({
      index: s.index as number,
      codec: s.codec_name ?? "unknown",
      language: s.tags?.language && s.tags.language !== "und" ? s.tags.language : null,
      title: s.tags?.title ?? null,
    }));
}

/** One text subtitle stream converted to SubRip by ffmpeg (markup mostly stripped), as UTF-8. */
export async function extractSubtitleSrt(
  file: string,
  demuxer: string,
  streamIndex: number,
  opts: RunOptions = {},
): Promise<string> {
  const chunks: Buffer[] = [];
  const p = run(
    ffmpegPath(),
    [
      ...QUIET,
      // The cue times as authored: without it ffmpeg shifts them by the container's start offset
      // (Matroska with AAC starts at -64 ms), moving every caption off its words.
      "-copyts",
      ...untrustedInput(file, demuxer),
      "-map",
      `0:${Math.trunc(streamIndex)}`,
      "-c:s",
      "srt",
      "-f",
      "srt",
      "pipe:1",
    ],
    { ...opts, what: "extract subtitles", onStdout: (c) => chunks.push(c) },
  );
  await settle(p, { kind: "failed", message: "The subtitles could not be extracted", audio: false });
  return Buffer.concat(chunks).toString("utf8");
}

export type Silence = { start: number; end: number };

/**
 * Silences in the first audio stream (ffmpeg `silencedetect`): stretches quieter than `noiseDb`
 * for at least `minSec`. Used to cut long media where nobody is speaking.
 */
export async function detectSilences(
  file: string,
  demuxer: string,
  opts: RunOptions & { noiseDb?: number; minSec?: number } = {},
): Promise<Silence[]> {
  const noise = opts.noiseDb ?? -35;
  const min = opts.minSec ?? 0.4;
  const found: Silence[] = [];
  let open: number | null = null;
  let pending = "";
  const p = run(
    ffmpegPath(),
    [
      "-nostdin",
      "-hide_banner",
      "-nostats",
      "-v",
      "info",
      ...untrustedInput(file, demuxer),
      ...FIRST_AUDIO,
      "-ac",
      "1",
      "-af",
      `silencedetect=noise=${noise}dB:d=${min}`,
      "-f",
      "null",
      "-",
    ],
    {
      ...opts,
      what: "detect silences",
      onStderr: (text) => {
        pending += text;
        const lines = pending.split(/\r?\n/);
        pending = lines.pop() ?? "";
        for (const line of lines) {
          const s = /silence_start: (-?[\d.]+)/.exec(line);
          if (s) open = Math.max(0, Number(s[1]));
          const e = /silence_end: (-?[\d.]+)/.exec(line);
          if (e && open !== null) {
            found.push({ start: open, end: Number(e[1]) });
            open = null;
          }
        }
      },
    },
  );
  await settle(p, { kind: "not_media", message: "The audio could not be decoded" });
  return found;
}

/**
 * A piece of the first audio stream as 16 kHz mono 16-bit WAV, the format every speech
 * recogniser (whisper.cpp's server included) reads without converting. A partial output is removed.
 */
export async function writeSpeechWav(
  file: string,
  demuxer: string,
  outPath: string,
  opts: RunOptions & { startSec?: number; durationSec?: number; raw?: boolean } = {},
): Promise<void> {
  const p = run(
    ffmpegPath(),
    [
      ...QUIET,
      "-y",
      ...(opts.startSec ? ["-ss", String(opts.startSec)] : []),
      ...untrustedInput(file, demuxer),
      ...(opts.durationSec ? ["-t", String(opts.durationSec)] : []),
      ...FIRST_AUDIO,
      "-ac",
      "1",
      "-ar",
      "16000",
      "-c:a",
      "pcm_s16le",
      "-f",
      opts.raw ? "s16le" : "wav",
      outPath,
    ],
    { ...opts, what: "prepare speech audio" },
  );
  await settle(p, { kind: "not_media", message: "The audio could not be decoded", outPath });
}

/**
 * Streams the first audio stream of an untrusted file as signed 16-bit PCM at its native rate
 * (no `-ar`: a resampler's low-pass would shave the very peaks a waveform shows). `onData` gets
 * raw s16le bytes; a chunk may end mid-sample. Stops after `maxSec` seconds of audio.
 *
 * `layout`:
 * - "mono" (default): downmixed by ffmpeg (`-ac 1`);
 * - "native": decoded, channels left interleaved as they are (no resampler in the chain when the
 *   decoder already gives s16: the caller folds the channels itself);
 * - "copy": the stream's packets as they are, not decoded at all; only for plain PCM s16le in a
 *   container without edit lists (wav, w64), where decoding is the identity. A last packet may
 *   hold a partial frame, and `-t` cuts at a packet, so the caller drops both.
 */
export async function streamS16(
  file: string,
  demuxer: string,
  onData: (chunk: Buffer) => void,
  opts: RunOptions & { maxSec?: number; layout?: "mono" | "native" | "copy" } = {},
): Promise<void> {
  const layout = opts.layout ?? "mono";
  const p = run(
    ffmpegPath(),
    [
      ...QUIET,
      ...untrustedInput(file, demuxer),
      ...FIRST_AUDIO,
      ...(layout === "mono" ? ["-ac", "1"] : []),
      "-t",
      String(opts.maxSec ?? MAX_MEDIA_SEC),
      "-c:a",
      layout === "copy" ? "copy" : "pcm_s16le",
      // Fill the 32 KB output buffer before writing instead of one write per decoded packet:
      // a tenth of the pipe reads, which halves this process's CPU for a long file.
      "-flush_packets",
      "0",
      "-f",
      "s16le",
      "pipe:1",
    ],
    { ...opts, what: "decode", onStdout: onData },
  );
  await settle(p, { kind: "not_media", message: "The audio could not be decoded" });
}

/** `streamS16` downmixed to mono by ffmpeg. */
export function streamMonoS16(
  file: string,
  demuxer: string,
  onData: (chunk: Buffer) => void,
  opts: RunOptions & { maxSec?: number } = {},
): Promise<void> {
  return streamS16(file, demuxer, onData, { ...opts, layout: "mono" });
}

/**
 * Decodes the first audio stream of an untrusted file into a raw file of interleaved stereo
 * f32le frames at `sampleRate` (`channelMap`: an optional pan filter taking it to stereo first).
 * A partial output is removed on failure.
 */
export async function decodeToRawFile(
  file: string,
  demuxer: string,
  outPath: string,
  opts: RunOptions & { sampleRate: number; channelMap?: string; maxSec?: number },
): Promise<void> {
  const p = run(
    ffmpegPath(),
    [
      ...QUIET,
      "-y",
      ...untrustedInput(file, demuxer),
      ...FIRST_AUDIO,
      ...(opts.channelMap ? ["-af", opts.channelMap] : []),
      "-ac",
      "2",
      "-ar",
      String(opts.sampleRate),
      "-t",
      String(opts.maxSec ?? MAX_MEDIA_SEC),
      "-c:a",
      "pcm_f32le",
      "-f",
      "f32le",
      outPath,
    ],
    { ...opts, what: "decode" },
  );
  await settle(p, { kind: "not_media", message: "The audio could not be decoded", outPath });
}

export interface StreamEncoder {
  /** Interleaved stereo f32le bytes; resolves when ffmpeg can take more. */
  write(chunk: Buffer): Promise<void>;
  /** Ends the input and waits for the file; throws (and removes it) when ffmpeg failed. */
  end(): Promise<void>;
  /** Stops and removes the partial output. */
  abort(): Promise<void>;
}

/** An encoder (16-bit WAV, or mp3 192k CBR) fed interleaved stereo float frames as they are made. */
export function openStereoEncoder(
  outPath: string,
  opts: RunOptions & { format: "wav" | "mp3"; sampleRate: number; metadata?: Record<string, string> },
): StreamEncoder {
  const codec =
    opts.format === "mp3" ? ["-c:a", "libmp3lame", "-b:a", "192k", "-f", "mp3"] : ["-c:a", "pcm_s16le", "-f", "wav"];
  const p = run(
    ffmpegPath(),
    [
      ...QUIET,
      "-y",
      "-f",
      "f32le",
      "-ar",
      String(opts.sampleRate),
      "-ac",
      "2",
      "-i",
      "pipe:0",
      ...Object.entries(opts.metadata ?? {}).flatMap(([k, v]) => ["-metadata", `${k}=${v}`]),
      ...codec,
      outPath,
    ],
    { ...opts, stdin: true, what: "encode" },
  );
  const stdin = p.stdin!;
  let exited = false;
  const settled = p.done.then(
    (r) => {
      exited = true;
      return r;
    },
    (e: unknown) => {
      exited = true;
      throw e;
    },
  );
  settled.catch(() => {});
  const fail = async (err: unknown): Promise<never> => {
    p.kill();
    await unlink(outPath).catch(() => {});
    throw err;
  };
  return {
    async write(chunk) {
      if (exited) return fail(new MediaError("failed", "The audio could not be encoded", "encoder exited early"));
      if (stdin.write(chunk)) return;
      // Wait for room, or for ffmpeg to end (then the next write or end() reports it).
      await Promise.race([
        new Promise<void>((r) => stdin.once("drain", () => r())),
        settled.then(
          () => {},
          () => {},
        ),
      ]);
    },
    async end() {
      stdin.end();
      try {
        const { code, stderr } = await settled;
        if (code !== 0)
          throw new MediaError("failed", "The audio could not be encoded", `exit ${code}\n${tail(stderr)}`);
      } catch (err) {
        return fail(err);
      }
    },
    async abort() {
      p.kill();
      await settled.catch(() => {});
      await unlink(outPath).catch(() => {});
    },
  };
}

export type DownloadFormat = "mp3" | "wav" | "flac";

const FORMAT_CODEC: Record<DownloadFormat, string[]> = {
  mp3: ["-c:a", "libmp3lame", "-b:a", "320k", "-f", "mp3"],
  wav: ["-c:a", "pcm_s16le", "-f", "wav"],
  flac: ["-c:a", "flac", "-f", "flac"],
};

/**
 * Re-encodes the first audio track of a stored file into a download format (mp3 320k CBR, 16-bit
 * WAV, FLAC), read through `untrustedInput` like any other media. Writes to `outPath`; a partial
 * output is removed on failure.
 */
export async function transcodeAudio(
  file: string,
  outPath: string,
  format: DownloadFormat,
  opts: RunOptions = {},
): Promise<void> {
  const info = await probe(file, opts);
  const p = run(
    ffmpegPath(),
    [
      "-nostdin",
      "-hide_banner",
      "-v",
      "error",
      "-y",
      ...untrustedInput(file, info.demuxer),
      "-map",
      "0:a:0",
      "-vn",
      "-sn",
      "-dn",
      "-map_metadata",
      "-1",
      ...FORMAT_CODEC[format],
      outPath,
    ],
    { ...opts, what: "transcode" },
  );
  try {
    const { code, stderr } = await p.done;
    if (code !== 0) throw new MediaError("failed", "The audio could not be encoded", `exit ${code}\n${tail(stderr)}`);
  } catch (err) {
    await unlink(outPath).catch(() => {});
    throw err;
  }
}
