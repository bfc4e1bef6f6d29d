// Waveform peaks of a media file in the BBC waveform-data binary format, version 2 (what
// audiowaveform writes and `WaveformData.create(arrayBuffer)` reads): a 24-byte little-endian
// header {version 2, flags (bit 0 = 8-bit), sample_rate, samples_per_pixel, length, channels}
// then `length` (min, max) pairs per channel. Here: one channel, 8-bit values (s16 >> 8).
//
// The base level (256 samples per pixel at the file's native rate) is computed once per file by
// streaming ffmpeg's mono s16le decode through a running min/max, so memory stays flat whatever
// the length; coarser levels (256·2^k) are derived from the base. Every level is cached under
// DATA_DIR/cache/peaks, keyed by the file's path, size and mtime (a replaced file gets new peaks).
import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { probe, streamMonoS16, type RunOptions } from "@/lib/media/ffmpeg";
import { ensureDir, resolveData } from "@/lib/storage/files";

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

/** Running min/max over s16le bytes in blocks of `spp` samples; chunks may split a sample. */
export class PeakAccumulator {
  private mins: number[] = [];
  private maxs: number[] = [];
  private lo = 32767;
  private hi = -32768;
  private inBlock = 0;
  private odd: number | null = null;
  samples = 0;

  constructor(private readonly spp = BASE_SPP) {}

  push(chunk: Buffer) {
    let bytes = chunk;
    if (this.odd !== null) {
      bytes = Buffer.concat([Buffer.from([this.odd]), chunk]);
      this.odd = null;
    }
    const whole = bytes.length & ~1;
    if (whole < bytes.length) this.odd = bytes[bytes.length - 1];
    // An Int16Array view needs an even byte offset; ffmpeg's chunks nearly always have one.
    let pcm: Int16Array;
    if (bytes.byteOffset % 2 === 0) pcm = new Int16Array(bytes.buffer, bytes.byteOffset, whole / 2);
    else {
      pcm = new Int16Array(whole / 2);
      new Uint8Array(pcm.buffer).set(bytes.subarray(0, whole));
    }
    let { lo, hi, inBlock } = this;
    const spp = this.spp;
    const n = pcm.length;
    let i = 0;
    // The block a previous chunk left open, then whole blocks without a per-sample counter, then
    // the start of the next block.
    while (inBlock > 0 && i < n) {
      const v = pcm[i++];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (++inBlock === spp) {
        this.mins.push(lo >> 8);
        this.maxs.push(hi >> 8);
        lo = 32767;
        hi = -32768;
        inBlock = 0;
      }
    }
    for (; i + spp <= n; i += spp) {
      let blo = 32767;
      let bhi = -32768;
      for (let j = i, end = i + spp; j < end; j++) {
        const v = pcm[j];
        if (v < blo) blo = v;
        if (v > bhi) bhi = v;
      }
      this.mins.push(blo >> 8);
      this.maxs.push(bhi >> 8);
    }
    for (; i < n; i++) {
      const v = pcm[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      inBlock++;
    }
    this.lo = lo;
    this.hi = hi;
    this.inBlock = inBlock;
    this.samples += pcm.length;
  }

  finish(sampleRate: number): Peaks {
    if (this.inBlock > 0) {
      this.mins.push(this.lo >> 8);
      this.maxs.push(this.hi >> 8);
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

export type BasePeaks = { peaks: Peaks; samples: number; sampleRate: number };

/** Decodes an untrusted file once (hardened ffmpeg input) into its base-level peaks. */
export async function computeBasePeaks(absPath: string, opts: RunOptions = {}): Promise<BasePeaks> {
  const info = await probe(absPath, opts);
  const sampleRate = info.audio?.sampleRate || 44100;
  const acc = new PeakAccumulator(BASE_SPP);
  await streamMonoS16(absPath, info.demuxer, (c) => acc.push(c), opts);
  return { peaks: acc.finish(sampleRate), samples: acc.samples, sampleRate };
}

type Meta = { samples: number; sampleRate: number };

async function cacheDirOf(rel: string): Promise<string> {
  const st = await fs.promises.stat(resolveData(rel));
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
