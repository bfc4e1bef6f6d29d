// Waveform peaks of a media file in the BBC waveform-data binary format, version 2 (what
// audiowaveform writes and `WaveformData.create(arrayBuffer)` reads): a 24-byte little-endian
// header {version 2, flags (bit 0 = 8-bit), sample_rate, samples_per_pixel, length, channels}
// then `length` (min, max) pairs per channel. Here: one channel, 8-bit values (s16 >> 8).
//
// The base level (256 samples per pixel at the file's native rate) is computed once per file by
// streaming ffmpeg's s16le decode (mono, or 16-bit stereo folded here exactly as ffmpeg's downmix
// would, see s16Plan) through a running min/max, so memory stays flat whatever the length; coarser levels (256·2^k) are derived from the base. Every level is cached under
// DATA_DIR/cache/peaks, keyed by the file's path, size and mtime (a replaced file gets new peaks).
import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { MAX_MEDIA_SEC, type ProbeResult, probe, type RunOptions, streamS16 } from "@/lib/media/ffmpeg";
import { ensureDir, resolveData } from "@/lib/storage/files";
import { materialise } from "@/lib/storage/store";

export const BASE_SPP = 256;
/** Coarsest level: 256·2^16 samples per pixel (about 6 pixels per hour at 48 kHz). */
export const MAX_LEVEL = 16;
export const PEAKS_CACHE_DIR = "cache/peaks";
const HEADER = 24;

export type Peaks = {
  sampleRate: number;
  samplesPerPixel: number;
  /** Per pixel, -128..127. */
  min: Int8Array;
  max: Int8Array;
};

/** The level served for a requested spp: the coarsest 256·2^k not coarser than asked (at least 256). */
export function levelFor(spp: number): number {
  if (!(spp > BASE_SPP)) return BASE_SPP;
  const k = Math.min(MAX_LEVEL, Math.floor(Math.log2(spp / BASE_SPP) + 1e-9));
  return BASE_SPP * 2 ** k;
}

export function encodeDat(p: Peaks): Buffer {
  const length = p.min.length;
  const buf = Buffer.alloc(HEADER + length * 2);
  buf.writeInt32LE(2, 0);
  buf.writeUInt32LE(1, 4); // 8-bit
  buf.writeInt32LE(p.sampleRate, 8);
  buf.writeInt32LE(p.samplesPerPixel, 12);
  buf.writeUInt32LE(length, 16);
  buf.writeInt32LE(1, 20);
  for (let i = 0, o = HEADER; i < length; i++, o += 2) {
    buf.writeInt8(p.min[i], o);
    buf.writeInt8(p.max[i], o + 1);
  }
  return buf;
}

export function decodeDat(buf: Buffer): Peaks {
  if (buf.length < HEADER || buf.readInt32LE(0) !== 2 || (buf.readUInt32LE(4) & 1) !== 1 || buf.readInt32LE(20) !== 1)
    throw new Error("Not an 8-bit mono waveform-data v2 file");
  const length = buf.readUInt32LE(16);
  const min = new Int8Array(length);
  const max = new Int8Array(length);
  for (let i = 0, o = HEADER; i < length; i++, o += 2) {
    min[i] = buf.readInt8(o);
    max[i] = buf.readInt8(o + 1);
  }
  return { sampleRate: buf.readInt32LE(8), samplesPerPixel: buf.readInt32LE(12), min, max };
}

/** A coarser level: every `factor` pixels folded into one (min of mins, max of maxes). */
export function coarsen(base: Peaks, factor: number): Peaks {
  if (factor === 1) return base;
  const n = Math.ceil(base.min.length / factor);
  const min = new Int8Array(n);
  const max = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    let lo = 127;
    let hi = -128;
    const end = Math.min(base.min.length, (i + 1) * factor);
    for (let j = i * factor; j < end; j++) {
      if (base.min[j] < lo) lo = base.min[j];
      if (base.max[j] > hi) hi = base.max[j];
    }
    min[i] = lo;
    max[i] = hi;
  }
  return { sampleRate: base.sampleRate, samplesPerPixel: base.samplesPerPixel * factor, min, max };
}

/**
 * Running min/max over interleaved s16le frames (1 or 2 channels) in blocks of `spp` frames;
 * chunks may split a frame. Stereo is folded here exactly as ffmpeg's `-ac 1` would: its s16
 * downmix is (32768·L/2 + 32768·R/2 + 2^14) >> 15 = (L + R + 1) >> 1, so the 8-bit value is
 * ((L + R + 1) >> 1) >> 8 = (L + R + 1) >> 9; both maps are monotone, so taking min/max of L + R
 * and mapping once per block gives the very bytes the mono decode gave.
 */
export class PeakAccumulator {
  private mins: number[] = [];
  private maxs: number[] = [];
  private lo = 65536;
  private hi = -65537;
  private inBlock = 0;
  private carry: Buffer | null = null;
  private readonly frameBytes: number;
  /** Frames so far (samples per channel). */
  samples = 0;

  constructor(
    private readonly spp = BASE_SPP,
    private readonly channels: 1 | 2 = 1,
    /** Frames past this are ignored (a cut that the decoder did not make itself). */
    public maxFrames = Number.POSITIVE_INFINITY,
  ) {
    this.frameBytes = 2 * channels;
  }

  private emit(lo: number, hi: number) {
    if (this.channels === 1) {
      this.mins.push(lo >> 8);
      this.maxs.push(hi >> 8);
    } else {
      this.mins.push((lo + 1) >> 9);
      this.maxs.push((hi + 1) >> 9);
    }
  }

  push(chunk: Buffer) {
    let bytes = chunk;
    if (this.carry !== null) {
      bytes = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    const fb = this.frameBytes;
    let frames = Math.floor(bytes.length / fb);
    if (frames * fb < bytes.length) this.carry = Buffer.from(bytes.subarray(frames * fb));
    frames = Math.max(0, Math.min(frames, this.maxFrames - this.samples));
    const whole = frames * fb;
    // An Int16Array view needs an even byte offset; ffmpeg's chunks nearly always have one.
    let pcm: Int16Array;
    if (bytes.byteOffset % 2 === 0) pcm = new Int16Array(bytes.buffer, bytes.byteOffset, whole / 2);
    else {
      pcm = new Int16Array(whole / 2);
      new Uint8Array(pcm.buffer).set(bytes.subarray(0, whole));
    }
    const ch = this.channels;
    const spp = this.spp;
    const n = pcm.length;
    let { lo, hi, inBlock } = this;
    // Up to the end of the open block at a time: no per-sample block counter.
    for (let i = 0; i < n; ) {
      const start = i;
      const end = Math.min(n, i + (spp - inBlock) * ch);
      if (ch === 1) {
        for (; i < end; i++) {
          const v = pcm[i];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      } else {
        for (; i < end; i += 2) {
          const v = pcm[i] + pcm[i + 1];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      inBlock += (end - start) / ch;
      if (inBlock === spp) {
        this.emit(lo, hi);
        lo = 65536;
        hi = -65537;
        inBlock = 0;
      }
    }
    this.lo = lo;
    this.hi = hi;
    this.inBlock = inBlock;
    this.samples += frames;
  }

  /** Closes the last (partial) block; a trailing partial frame is dropped, as a decoder drops it. */
  finish(sampleRate: number): Peaks {
    this.carry = null;
    if (this.inBlock > 0) {
      this.emit(this.lo, this.hi);
      this.inBlock = 0;
    }
    return {
      sampleRate,
      samplesPerPixel: this.spp,
      min: Int8Array.from(this.mins),
      max: Int8Array.from(this.maxs),
    };
  }
}

/**
 * How to get s16 frames out of ffmpeg with the least work and the same result as its mono
 * downmix. ffmpeg's `-ac 1` (resampler, planar copies, rematrix) costs about as much as decoding a
 * WAV, and the pipe then carries the result: for a 16-bit mono or stereo source the channels are
 * folded in JS instead (exactly, see PeakAccumulator), and a plain 16-bit PCM WAV is not decoded
 * at all (its packets are the samples). Anything else (float decoders, 24-bit, more channels or
 * another layout, whose downmix is not a plain average) keeps ffmpeg's downmix.
 */
export function s16Plan(
  audio: ProbeResult["audio"],
  demuxer: string,
): { layout: "mono" | "native" | "copy"; channels: 1 | 2 } {
  const ch = audio?.channels;
  const lay = audio?.channelLayout ?? "";
  const plainLayout =
    (ch === 1 && (lay === "mono" || lay === "unknown" || lay === "")) ||
    (ch === 2 && (lay === "stereo" || lay === "unknown" || lay === ""));
  if (!audio || !plainLayout || (audio.sampleFmt !== "s16" && audio.sampleFmt !== "s16p"))
    return { layout: "mono", channels: 1 };
  const channels = ch as 1 | 2;
  if (audio.codec === "pcm_s16le" && (demuxer === "wav" || demuxer === "w64")) return { layout: "copy", channels };
  return { layout: "native", channels };
}

export type BasePeaks = { peaks: Peaks; samples: number; sampleRate: number };

type Plan = ReturnType<typeof s16Plan>;

/** Streams `bytes` bytes of a file from `start` (to its end when undefined) in 1 MiB chunks. */
async function readRange(
  absPath: string,
  start: number,
  bytes: number | undefined,
  onData: (chunk: Buffer) => void,
  signal: AbortSignal,
): Promise<void> {
  const end = bytes === undefined ? undefined : start + bytes - 1;
  if (end !== undefined && end < start) return;
  const stream = fs.createReadStream(absPath, { start, end, highWaterMark: 1 << 20, signal });
  for await (const chunk of stream) onData(chunk as Buffer);
}

/**
 * The demuxer and s16 plan a file's first bytes suggest, or null when they suggest nothing safe:
 * a RIFF/WAVE file's fmt chunk (16-bit PCM copied, its declared channel count), an MP3 (an ID3 tag
 * or a frame sync), Ogg and MP4/M4A (float decoders: ffmpeg's mono downmix). Only a guess to start
 * the decode early on; the probe decides.
 */
async function headerGuess(
  absPath: string,
): Promise<(Plan & { demuxer: string; dataAt?: number; dataBytes?: number }) | null> {
  const fh = await fs.promises.open(absPath, "r").catch(() => null);
  if (!fh) return null;
  try {
    const { buffer: b, bytesRead } = await fh.read(Buffer.alloc(4096), 0, 4096, 0);
    if (bytesRead < 12) return null;
    const tag = (from: number, to: number) => b.toString("latin1", from, to);
    if (tag(0, 4) === "RIFF" && tag(8, 12) === "WAVE") {
      let channels: 1 | 2 | null = null;
      let rate = 0;
      for (let o = 12; o + 8 <= bytesRead; o += 8 + b.readUInt32LE(o + 4) + (b.readUInt32LE(o + 4) & 1)) {
        const size = b.readUInt32LE(o + 4);
        if (tag(o, o + 4) === "fmt " && o + 12 <= bytesRead) {
          const ch = b.readUInt16LE(o + 10);
          if (ch !== 1 && ch !== 2) return null;
          channels = ch;
          rate = o + 16 <= bytesRead ? b.readUInt32LE(o + 12) : 0;
        } else if (tag(o, o + 4) === "data") {
          if (!channels) return null;
          // The samples of a 16-bit PCM WAV are the data chunk's bytes: read them here, without a
          // decoder process and a pipe (kept only if the probe confirms a 16-bit PCM WAV). A size of
          // 0 or 0xFFFFFFFF is a streamed WAV's placeholder: its data runs to the end of the file.
          // At most MAX_MEDIA_SEC, as the decoder's cut.
          const open = size === 0 || size === 0xffffffff;
          const cap = rate > 0 ? MAX_MEDIA_SEC * rate * channels * 2 : Number.POSITIVE_INFINITY;
          const dataBytes = open ? (Number.isFinite(cap) ? cap : undefined) : Math.min(size, cap);
          return { demuxer: "wav", layout: "copy", channels, dataAt: o + 8, dataBytes };
        }
      }
      // The fmt chunk is read; the data chunk starts past the first 4 KiB: let ffmpeg copy it.
      return channels ? { demuxer: "wav", layout: "copy", channels } : null;
    }
    // A frame sync with a layer (an AAC ADTS header has layer 00).
    if (tag(0, 3) === "ID3" || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0 && (b[1] & 0x06) !== 0))
      return { demuxer: "mp3", layout: "mono", channels: 1 };
    if (tag(0, 4) === "OggS") return { demuxer: "ogg", layout: "mono", channels: 1 };
    if (tag(4, 8) === "ftyp") return { demuxer: "mov", layout: "mono", channels: 1 };
    return null;
  } finally {
    await fh.close();
  }
}

/**
 * Decodes an untrusted file once (hardened ffmpeg input) into its base-level peaks.
 *
 * The probe (a process start and a read of the file: for a WAV about 0.4× a plain decode of it,
 * for a long MP3 a tenth to a third) would come first and add that much, so the decode starts
 * alongside it with the demuxer and plan the file's first bytes suggest. Its peaks are kept only
 * if the probe then names exactly that demuxer and plan: the decode's arguments were then the
 * sequential path's own, so the bytes are the same. Otherwise it is killed and the file decoded
 * as the probe says.
 */
export async function computeBasePeaks(absPath: string, opts: RunOptions = {}): Promise<BasePeaks> {
  const probing = probe(absPath, opts);
  probing.catch(() => {}); // awaited below, after a file read
  let early: Promise<BasePeaks | null> = Promise.resolve(null);
  const guess = await headerGuess(absPath);
  if (guess) {
    const stop = new AbortController();
    const acc = new PeakAccumulator(BASE_SPP, guess.channels);
    const confirmed = probing.then(
      (info) => {
        const plan = s16Plan(info.audio, info.demuxer);
        if (info.demuxer !== guess.demuxer || plan.layout !== guess.layout || plan.channels !== guess.channels) {
          stop.abort();
          return 0;
        }
        const sampleRate = info.audio?.sampleRate || 44100;
        // Copied packets stop at a packet, not at the sample where a decode's `-t` stops.
        if (plan.layout === "copy") acc.maxFrames = MAX_MEDIA_SEC * sampleRate;
        return sampleRate;
      },
      () => {
        stop.abort();
        return 0;
      },
    );
    const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
    const reading =
      guess.dataAt !== undefined
        ? readRange(absPath, guess.dataAt, guess.dataBytes, (c) => acc.push(c), signal)
        : streamS16(absPath, guess.demuxer, (c) => acc.push(c), { ...opts, signal, layout: guess.layout });
    early = reading.then(
      async () => {
        const sampleRate = await confirmed;
        return sampleRate ? { peaks: acc.finish(sampleRate), samples: acc.samples, sampleRate } : null;
      },
      async (err: unknown) => {
        // Killed (or failed) on a wrong guess: decode as the probe says. With the guess confirmed
        // the arguments were the sequential path's own, so its failure is the file's.
        if (!(await confirmed) && !opts.signal?.aborted) return null;
        throw err;
      },
    );
    early.catch(() => {});
  }
  const info = await probing;
  const done = await early;
  if (done) return done;
  const sampleRate = info.audio?.sampleRate || 44100;
  const plan = s16Plan(info.audio, info.demuxer);
  // Copied packets stop at a packet, not at the sample where a decode's `-t` stops.
  const maxFrames = plan.layout === "copy" ? MAX_MEDIA_SEC * sampleRate : Number.POSITIVE_INFINITY;
  const acc = new PeakAccumulator(BASE_SPP, plan.channels, maxFrames);
  await streamS16(absPath, info.demuxer, (c) => acc.push(c), { ...opts, layout: plan.layout });
  return { peaks: acc.finish(sampleRate), samples: acc.samples, sampleRate };
}

type Meta = { samples: number; sampleRate: number };

async function cacheDirOf(rel: string): Promise<string> {
  // STORAGE=s3: the local copy (materialise); a new copy has a new mtime, so at worst the cache is
  // rebuilt on this machine, never served for other bytes.
  const st = await fs.promises.stat(await materialise(rel));
  const key = createHash("sha256").update(`${rel}\0${st.size}\0${st.mtimeMs}`).digest("hex").slice(0, 40);
  return path.posix.join(PEAKS_CACHE_DIR, key);
}

async function writeAtomic(abs: string, data: Buffer | string) {
  const tmp = `${abs}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await fs.promises.writeFile(tmp, data);
  await fs.promises.rename(tmp, abs);
}

// One computation per file at a time, however many requests ask for it at once.
const inFlight = new Map<string, Promise<Meta>>();

/** The base level of a DATA_DIR file, from the cache or computed (and cached) now. */
async function ensureBase(rel: string, dir: string, opts: RunOptions): Promise<Meta> {
  const metaAbs = resolveData(`${dir}/meta.json`);
  try {
    return JSON.parse(await fs.promises.readFile(metaAbs, "utf8")) as Meta;
  } catch {
    /* not cached yet (or swept meanwhile) */
  }
  let job = inFlight.get(dir);
  if (!job) {
    job = (async () => {
      const base = await computeBasePeaks(resolveData(rel), opts);
      await ensureDir(dir);
      await writeAtomic(resolveData(`${dir}/${BASE_SPP}.dat`), encodeDat(base.peaks));
      const meta = { samples: base.samples, sampleRate: base.sampleRate };
      // Written last: its presence means the base level is complete.
      await writeAtomic(metaAbs, JSON.stringify(meta));
      return meta;
    })().finally(() => inFlight.delete(dir));
    inFlight.set(dir, job);
  }
  return job;
}

/**
 * The waveform-data v2 bytes of a DATA_DIR file at `levelFor(spp)`, plus the decoded length in
 * samples (exact, for durations). Cached; a miss decodes the file once.
 */
export async function peaksOf(
  rel: string,
  spp: number,
  opts: RunOptions = {},
): Promise<{ dat: Buffer; samples: number; sampleRate: number }> {
  const level = levelFor(spp);
  const dir = await cacheDirOf(rel);
  const meta = await ensureBase(rel, dir, opts);
  const levelAbs = resolveData(`${dir}/${level}.dat`);
  try {
    return { dat: await fs.promises.readFile(levelAbs), ...meta };
  } catch {
    /* derive it below */
  }
  let base: Buffer;
  try {
    base = await fs.promises.readFile(resolveData(`${dir}/${BASE_SPP}.dat`));
  } catch {
    // The sweeper removed the entry between the two reads: compute it again.
    await fs.promises.rm(resolveData(`${dir}/meta.json`), { force: true });
    return peaksOf(rel, spp, opts);
  }
  const dat = encodeDat(coarsen(decodeDat(base), level / BASE_SPP));
  await ensureDir(dir);
  await writeAtomic(levelAbs, dat).catch(() => undefined);
  return { dat, ...meta };
}

/** Removes cache entries not written for `maxAgeMs` (the sweeper's retention); they are rebuilt on demand. */
export async function sweepPeaksCache(maxAgeMs: number, now = Date.now()): Promise<number> {
  let root: string;
  try {
    root = resolveData(PEAKS_CACHE_DIR);
  } catch {
    return 0;
  }
  const entries = await fs.promises.readdir(root).catch(() => [] as string[]);
  let removed = 0;
  for (const name of entries) {
    const abs = path.join(root, name);
    const st = await fs.promises.stat(abs).catch(() => null);
    if (st && now - st.mtimeMs > maxAgeMs) {
      await fs.promises.rm(abs, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}
