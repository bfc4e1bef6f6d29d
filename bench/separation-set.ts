// Generated evaluation set for the separation bench (bench/separation-eval.ts).
//
// Each item is a short piece written here as MIDI (seeded, so it regenerates identically) and
// rendered with Debian's fluidsynth and the FluidR3 General MIDI soundfont: real instrument samples,
// one instrument per render so every stem is exact. Drums and bass sit in the centre (CC10 = 64),
// the other instruments are panned by a per-item amount. The "vocal" is espeak-ng speech (phrases
// with varied voice, pitch and speed; speech, not singing) placed centre, mixed at 0 dB against the
// band, once dry and once through a generated stereo reverb (exponentially decaying decorrelated
// noise IR). fluidsynth's own reverb and chorus are off so the sum of the stems is the mixture.
// Items 11 and up also carry a sustained instrument near the centre (strings, winds or a pad).
//
// Needs: apt-get install fluidsynth fluid-soundfont-gm espeak-ng (not needed in CI).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import FFT from "fft.js";
import { decodeToFloat32, type StereoPcm } from "@/lib/media/ffmpeg";

export const SR = 44100;
export const SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

/** mulberry32 in [0, 1). */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------- a minimal Standard MIDI File (format 0) writer ----------
interface Ev {
  tick: number;
  bytes: number[];
}
const vlq = (n: number) => {
  const out = [n & 0x7f];
  for (let v = n >> 7; v > 0; v >>= 7) out.unshift((v & 0x7f) | 0x80);
  return out;
};
const PPQ = 480;

class Track {
  events: Ev[] = [];
  constructor(
    readonly ch: number,
    program: number,
    pan: number,
    bpm: number,
  ) {
    const us = Math.round(60_000_000 / bpm);
    this.events.push({ tick: 0, bytes: [0xff, 0x51, 3, (us >> 16) & 255, (us >> 8) & 255, us & 255] });
    this.events.push({ tick: 0, bytes: [0xb0 | ch, 10, pan] }); // pan
    this.events.push({ tick: 0, bytes: [0xb0 | ch, 91, 0] }); // reverb send off
    this.events.push({ tick: 0, bytes: [0xb0 | ch, 93, 0] }); // chorus send off
    this.events.push({ tick: 0, bytes: [0xb0 | ch, 7, 100] });
    if (ch !== 9) this.events.push({ tick: 0, bytes: [0xc0 | ch, program] });
  }
  /** beat-based note (beats may be fractional). */
  note(beat: number, lenBeats: number, key: number, vel: number) {
    const t0 = Math.round(beat * PPQ);
    const t1 = Math.max(t0 + 1, Math.round((beat + lenBeats) * PPQ) - 2);
    const k = Math.max(0, Math.min(127, key));
    this.events.push({ tick: t0, bytes: [0x90 | this.ch, k, Math.max(1, Math.min(127, Math.round(vel)))] });
    this.events.push({ tick: t1, bytes: [0x80 | this.ch, k, 0] });
  }
  bytes(): Buffer {
    const ev = this.events
      .map((e, i) => ({ ...e, i, off: (e.bytes[0] & 0xf0) === 0x80 ? 0 : 1 }))
      .sort((a, b) => a.tick - b.tick || a.off - b.off || a.i - b.i);
    const body: number[] = [];
    let last = 0;
    for (const e of ev) {
      body.push(...vlq(e.tick - last), ...e.bytes);
      last = e.tick;
    }
    body.push(0, 0xff, 0x2f, 0);
    const head = Buffer.from([0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, (PPQ >> 8) & 255, PPQ & 255]);
    const len = body.length;
    const trk = Buffer.from([
      0x4d,
      0x54,
      0x72,
      0x6b,
      (len >>> 24) & 255,
      (len >> 16) & 255,
      (len >> 8) & 255,
      len & 255,
    ]);
    return Buffer.concat([head, trk, Buffer.from(body)]);
  }
}

// ---------- the pieces ----------
const PROGRESSIONS = [
  [0, 5, 3, 4], // I vi IV V
  [0, 4, 5, 3], // I V vi IV
  [5, 3, 0, 4], // vi IV I V
  [0, 3, 4, 4], // I IV V V
  [1, 4, 0, 0], // ii V I I
];
const MAJOR = [0, 2, 4, 5, 7, 9, 11];
const MINOR = [0, 2, 3, 5, 7, 8, 10];
const BASSES = [32, 33, 34, 35, 38];
const COMPS = [0, 1, 4, 5, 16, 19, 24, 25, 48, 49, 50, 88, 89];
const LEADS = [11, 12, 13, 26, 27, 56, 61, 65, 71, 73, 80, 81];
// Sustained near-centre parts of items 11+: strings, ensembles, clarinet/oboe/flute, horns, pads.
const SUSTAINED = [40, 41, 42, 48, 49, 52, 60, 68, 71, 73, 89, 90];
const VOICES = ["en-us+f3", "en-us+m3", "en+f2", "en-us+f4", "en+m1", "en-us+f1"];
const LYRICS = [
  "I walked along the river when the evening light was gone",
  "we never said goodbye but the music carried on",
  "hold on to the feeling that you gave me long ago",
  "every single morning I am waiting by the door",
  "tell me where the road goes when the summer fades away",
  "all the stars are falling and I do not want to stay",
  "come back home tonight and sing the song we used to know",
  "take my hand and follow me wherever you may go",
];

export interface ItemSpec {
  id: string;
  seed: number;
  bpm: number;
  key: number;
  minor: boolean;
  instruments: string;
  pans: string;
  split: "tune" | "held-out";
}

export interface Stems {
  spec: ItemSpec;
  /** band stems summed (stereo) */
  band: StereoPcm;
  /** 0 dB against the band, centred */
  vocalDry: StereoPcm;
  vocalWet: StereoPcm;
}

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.error}`);
}

/** Writes the MIDI stems of one item; returns their paths and the spec. */
function compose(index: number, durSec: number, dir: string): { spec: ItemSpec; mids: string[] } {
  const seed = 1000 + 37 * index;
  const r = prng(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)];
  const bpm = Math.round(78 + r() * 70);
  const key = Math.floor(r() * 12);
  const minor = r() < 0.4;
  const scale = minor ? MINOR : MAJOR;
  const prog = pick(PROGRESSIONS);
  const spread = 20 + Math.floor(r() * 40); // pan distance from centre, of 64
  const beats = Math.ceil((durSec * bpm) / 60) + 4;
  const bars = Math.ceil(beats / 4);
  const root = 48 + key;
  const deg = (d: number, oct = 0) => root + scale[((d % 7) + 7) % 7] + 12 * (Math.floor(d / 7) + oct);
  const chordOf = (bar: number) => prog[bar % prog.length];

  // Drums (channel 10): kick/snare/hats, style varies; a fill every 8th bar.
  const drums = new Track(9, 0, 64, bpm);
  const style = Math.floor(r() * 3);
  for (let b = 0; b < bars; b++) {
    const t = 4 * b;
    const fill = b % 8 === 7;
    for (let e = 0; e < 8; e++) {
      const beat = t + e / 2;
      if (!fill || e < 4) drums.note(beat, 0.25, style === 2 ? 46 : 42, 60 + 30 * r());
    }
    drums.note(t, 0.5, 36, 110);
    drums.note(t + 2, 0.5, 36, 105);
    if (style >= 1) drums.note(t + 2.5, 0.5, 36, 90);
    drums.note(t + 1, 0.5, 38, 100);
    drums.note(t + 3, 0.5, 38, 100);
    if (fill) for (let e = 0; e < 4; e++) drums.note(t + 2 + e / 2, 0.25, [45, 47, 48, 50][e], 95);
    if (b % 4 === 0) drums.note(t, 1, 49, 90);
  }

  // Bass (centre): root notes, rhythm by style.
  const bassProg = pick(BASSES);
  const bass = new Track(0, bassProg, 64, bpm);
  for (let b = 0; b < bars; b++) {
    const c = deg(chordOf(b), -1);
    const pat = style === 0 ? [0, 1, 2, 3] : style === 1 ? [0, 1.5, 2, 3, 3.5] : [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5];
    for (const p of pat) bass.note(4 * b + p, style === 2 ? 0.45 : 0.9, c + (p === 3.5 ? 7 : 0), 95);
  }

  // Comp (chords), panned to one side.
  const side = r() < 0.5 ? -1 : 1;
  const compProg = pick(COMPS);
  const comp = new Track(1, compProg, 64 + side * spread, bpm);
  const sustained = r() < 0.5;
  for (let b = 0; b < bars; b++) {
    const d = chordOf(b);
    const notes = [deg(d), deg(d + 2), deg(d + 4)];
    if (sustained) for (const n of notes) comp.note(4 * b, 3.95, n, 70);
    else for (let q = 0; q < 4; q++) for (const n of notes) comp.note(4 * b + q + (q % 2) * 0.5, 0.45, n, 75);
  }

  // Lead / arpeggio, panned to the other side by a different amount.
  const leadProg = pick(LEADS);
  const leadPan = 64 - side * Math.round(spread * (0.5 + 0.5 * r()));
  const lead = new Track(2, leadProg, leadPan, bpm);
  const arpLen = r() < 0.5 ? 0.5 : 0.25;
  for (let b = 0; b < bars; b++) {
    const d = chordOf(b);
    const ns = [deg(d, 1), deg(d + 2, 1), deg(d + 4, 1), deg(d + 2, 1)];
    for (let s = 0, i = 0; s < 4; s += arpLen, i++) lead.note(4 * b + s, arpLen * 0.9, ns[i % 4], 70 + 20 * r());
  }

  // Optional second comp (strings/pad) on the far side of the first, in half the items.
  const tracks: [string, Track][] = [
    ["drums", drums],
    ["bass", bass],
    ["comp", comp],
    ["lead", lead],
  ];
  let pans = `drums 0, bass 0, comp ${side * spread}, lead ${leadPan - 64}`;
  let instruments = `GM drums, bass ${bassProg}, comp ${compProg}${sustained ? " (held)" : ""}, lead ${leadProg}`;
  if (r() < 0.5) {
    const pad = new Track(3, pick([48, 49, 52, 89, 91]), 64 - side * Math.round(spread * 0.7), bpm);
    for (let b = 0; b < bars; b += 2) {
      const d = chordOf(b);
      pad.note(4 * b, 7.9, deg(d + 4, 1), 55);
      pad.note(4 * b, 7.9, deg(d + 2, 0), 55);
    }
    tracks.push(["pad", pad]);
    pans += `, pad ${-side * Math.round(spread * 0.7)}`;
    instruments += ", pad";
  }
  // Items 11 and up (both halves) add a sustained instrument near the centre — held strings, winds
  // or a pad within ±4..20 of 64, the case where neither the pan nor the percussive cue helps. Its
  // own generator, so items 1–10 keep the notes they always had.
  if (index >= 10) {
    const r2 = prng(seed + 1);
    const prog = SUSTAINED[Math.floor(r2() * SUSTAINED.length)];
    const pan = Math.round((r2() < 0.5 ? -1 : 1) * (4 + r2() * 16));
    const held = new Track(4, prog, 64 + pan, bpm);
    const melodic = r2() < 0.5;
    for (let b = 0; b < bars; b += 2) {
      const d = chordOf(b);
      if (melodic) {
        // A slow line of half and whole notes, like a clarinet or cello counter-melody.
        for (let s = 0; s < 8; ) {
          const len = r2() < 0.5 ? 2 : 4;
          held.note(4 * b + s, len - 0.05, deg(d + [0, 2, 4, 5][Math.floor(r2() * 4)], 1), 80);
          s += len;
        }
      } else for (const n of [deg(d), deg(d + 2), deg(d + 4)]) held.note(4 * b, 7.9, n, 75);
    }
    tracks.push(["held", held]);
    pans += `, held ${pan}`;
    instruments += `, held ${prog}${melodic ? " (line)" : ""}`;
  }
  const mids = tracks.map(([name, t]) => {
    const f = path.join(dir, `${name}.mid`);
    writeFileSync(f, t.bytes());
    return f;
  });
  return {
    spec: {
      id: `item${String(index + 1).padStart(2, "0")}`,
      seed,
      bpm,
      key,
      minor,
      instruments,
      pans,
      split: index % 2 === 0 ? "tune" : "held-out",
    },
    mids,
  };
}

/** Stereo reverb IR: direct path + exponentially decaying, decorrelated noise tails. */
function reverbIr(seed: number, rt60: number, wet: number) {
  const r = prng(seed);
  const n = Math.round(rt60 * SR);
  const pre = Math.round(0.02 * SR);
  const L = new Float64Array(n);
  const R = new Float64Array(n);
  L[0] = 1;
  R[0] = 1;
  let e = 0;
  const tail: [Float64Array, Float64Array] = [new Float64Array(n), new Float64Array(n)];
  for (let i = pre; i < n; i++) {
    const g = 10 ** ((-3 * (i - pre)) / (rt60 * SR)); // −60 dB at rt60
    // gaussian-ish noise; one-pole low-pass darkens the tail as rooms do.
    const a = (r() + r() + r() - 1.5) * g;
    const b = (r() + r() + r() - 1.5) * g;
    tail[0][i] = a;
    tail[1][i] = b;
  }
  for (const t of tail) for (let i = 1; i < n; i++) t[i] = 0.6 * t[i] + 0.4 * t[i - 1];
  for (const t of tail) for (let i = 0; i < n; i++) e += t[i] * t[i];
  const s = Math.sqrt(wet / (e / 2));
  for (let i = 0; i < n; i++) {
    L[i] += tail[0][i] * s;
    R[i] += tail[1][i] * s;
  }
  return [L, R];
}

/** Linear convolution of x with h by one large FFT, truncated to x's length. */
function convolve(x: Float32Array, h: Float64Array): Float32Array {
  let N = 1;
  while (N < x.length + h.length) N <<= 1;
  const fft = new FFT(N);
  const a = new Float64Array(N);
  a.set(x);
  const b = new Float64Array(N);
  b.set(h);
  const A = fft.createComplexArray();
  const B = fft.createComplexArray();
  fft.realTransform(A, a);
  fft.completeSpectrum(A);
  fft.realTransform(B, b);
  fft.completeSpectrum(B);
  for (let k = 0; k < N; k++) {
    const ar = A[2 * k],
      ai = A[2 * k + 1],
      br = B[2 * k],
      bi = B[2 * k + 1];
    A[2 * k] = ar * br - ai * bi;
    A[2 * k + 1] = ar * bi + ai * br;
  }
  const out = fft.createComplexArray();
  fft.inverseTransform(out, A);
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = out[2 * i];
  return y;
}

/** Speech phrases placed on bar lines with gaps; mono, SR. */
function voice(index: number, durSec: number, bpm: number, dir: string): Float32Array {
  const r = prng(5000 + 13 * index);
  const n = Math.round(durSec * SR);
  const out = new Float32Array(n);
  const bar = (4 * 60) / bpm;
  let t = bar * (0.5 + Math.floor(r() * 2));
  let k = 0;
  const v = VOICES[index % VOICES.length];
  while (t < durSec - 1) {
    const text = LYRICS[(index * 3 + k) % LYRICS.length];
    const wav = path.join(dir, `v${k}.wav`);
    const raw = path.join(dir, `v${k}.f32`);
    run("espeak-ng", [
      "-v",
      v,
      "-p",
      String(35 + Math.floor(r() * 40)),
      "-s",
      String(120 + Math.floor(r() * 50)),
      "-w",
      wav,
      text,
    ]);
    run("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", wav, "-ar", String(SR), "-ac", "1", "-f", "f32le", raw]);
    const b = readFileSync(raw);
    const x = new Float32Array(b.buffer, b.byteOffset, b.length / 4);
    const s = Math.round(t * SR);
    for (let i = 0; i < x.length && s + i < n; i++) out[s + i] += x[i];
    // Next phrase on a later bar line, after a short gap.
    t += Math.ceil((x.length / SR + 0.3 + r() * bar) / bar) * bar;
    k++;
  }
  return out;
}

const energy = (x: StereoPcm) => {
  let e = 0;
  for (let i = 0; i < x.left.length; i++) e += x.left[i] ** 2 + x.right[i] ** 2;
  return e;
};

/**
 * Builds (or loads from the cache directory) `count` items of `durSec` seconds. Even items are the
 * tuning half, odd items the held-out half.
 */
export async function buildSet(count: number, durSec: number, cacheDir?: string, only?: string): Promise<Stems[]> {
  if (!existsSync(SOUNDFONT)) throw new Error(`${SOUNDFONT} missing: apt-get install fluidsynth fluid-soundfont-gm`);
  const root = cacheDir ?? path.join(os.tmpdir(), `mixdesk-sepset-v1-${durSec}s`);
  mkdirSync(root, { recursive: true });
  const items: Stems[] = [];
  for (let i = 0; i < count; i++) {
    // Items 11+ have their own directory name: they differ from earlier versions of the generator.
    const dir = path.join(root, i < 10 ? `item${i + 1}` : `item${i + 1}-held`);
    mkdirSync(dir, { recursive: true });
    const { spec, mids } = compose(i, durSec, dir);
    if (only && spec.split !== only) continue;
    const n = Math.round(durSec * SR);
    // The final stems are cached too (decoding and the reverb convolution dominate a reload).
    const final = path.join(dir, "stems.f32");
    if (existsSync(final)) {
      const b = readFileSync(final);
      const all = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
      const part = (j: number) => all.subarray(j * n, (j + 1) * n);
      items.push({
        spec,
        band: { left: part(0), right: part(1), sampleRate: SR },
        vocalDry: { left: part(2), right: part(3), sampleRate: SR },
        vocalWet: { left: part(4), right: part(5), sampleRate: SR },
      });
      continue;
    }
    const band: StereoPcm = { left: new Float32Array(n), right: new Float32Array(n), sampleRate: SR };
    for (const mid of mids) {
      const wav = mid.replace(/\.mid$/, ".wav");
      if (!existsSync(wav)) {
        run("fluidsynth", [
          "-ni",
          "-q",
          "-R",
          "0",
          "-C",
          "0",
          "-g",
          "0.4",
          "-r",
          String(SR),
          "-O",
          "float",
          "-T",
          "wav",
          "-F",
          wav,
          SOUNDFONT,
          mid,
        ]);
      }
      const pcm = await decodeToFloat32(wav, { sampleRate: SR });
      for (let j = 0; j < Math.min(n, pcm.left.length); j++) {
        band.left[j] += pcm.left[j];
        band.right[j] += pcm.right[j];
      }
    }
    const vPath = path.join(dir, "voice.f32");
    let v: Float32Array;
    if (existsSync(vPath)) {
      const b = readFileSync(vPath);
      v = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
    } else {
      v = voice(i, durSec, spec.bpm, dir);
      writeFileSync(vPath, Buffer.from(v.buffer));
    }
    const dry: StereoPcm = { left: v, right: v.slice(), sampleRate: SR };
    const [irL, irR] = reverbIr(9000 + i, 1.2 + 0.8 * prng(77 + i)(), 0.5 + 0.5 * prng(99 + i)());
    const wet: StereoPcm = { left: convolve(v, irL), right: convolve(v, irR), sampleRate: SR };
    // 0 dB against the band, each version on its own.
    const eb = energy(band);
    for (const s of [dry, wet]) {
      const g = Math.sqrt(eb / energy(s));
      for (let j = 0; j < n; j++) {
        s.left[j] *= g;
        s.right[j] *= g;
      }
    }
    // Headroom: the loudest mixture must not clip; scale everything alike.
    let peak = 0;
    for (const s of [dry, wet])
      for (let j = 0; j < n; j++)
        peak = Math.max(peak, Math.abs(s.left[j] + band.left[j]), Math.abs(s.right[j] + band.right[j]));
    if (peak > 0.9)
      for (const s of [dry, wet, band])
        for (let j = 0; j < n; j++) {
          s.left[j] *= 0.9 / peak;
          s.right[j] *= 0.9 / peak;
        }
    const all = new Float32Array(6 * n);
    [band.left, band.right, dry.left, dry.right, wet.left, wet.right].forEach((x, j) => all.set(x, j * n));
    writeFileSync(final, Buffer.from(all.buffer));
    items.push({ spec, band, vocalDry: dry, vocalWet: wet });
  }
  return items;
}
