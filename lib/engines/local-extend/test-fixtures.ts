// Synthetic rhythmic songs for the extension tests and bench, written sample by sample (no audio
// files in the repo): kick, snare, hats, bass, chord pad and (in choruses) a lead, at an exact
// tempo, in sections with their own chords and grooves. The true beat grid is returned with it.
import type { StereoPcm } from "@/lib/media/ffmpeg";
import { prng } from "./walk.mjs";

export interface SongSpec {
  bpm: number;
  /** Section names in order; each section is `barsPerSection` bars of 4/4. */
  sections: ("intro" | "verse" | "chorus" | "bridge" | "outro")[];
  barsPerSection?: number;
  /** Silence before the first downbeat (s). */
  leadIn?: number;
  seed?: string;
  sampleRate?: number;
}

export interface Song {
  pcm: StereoPcm;
  /** True beat times (s) and which of them are downbeats (every 4th from index 0). */
  beats: number[];
  period: number;
  duration: number;
}

const CHORDS: Record<SongSpec["sections"][number], number[][]> = {
  intro: [
    [57, 60, 64],
    [53, 57, 60],
    [55, 59, 62],
    [57, 60, 64],
  ],
  verse: [
    [57, 60, 64],
    [53, 57, 60],
    [48, 52, 55],
    [55, 59, 62],
  ],
  chorus: [
    [53, 57, 60],
    [48, 52, 55],
    [55, 59, 62],
    [57, 60, 64],
  ],
  bridge: [
    [50, 53, 57],
    [52, 55, 59],
    [53, 57, 60],
    [52, 56, 59],
  ],
  outro: [
    [53, 57, 60],
    [55, 59, 62],
    [57, 60, 64],
    [57, 60, 64],
  ],
};

const hz = (m: number) => 440 * 2 ** ((m - 69) / 12);

export function makeSong(spec: SongSpec): Song {
  const sr = spec.sampleRate ?? 44100;
  const bars = spec.barsPerSection ?? 4;
  const leadIn = spec.leadIn ?? 0.25;
  const beat = 60 / spec.bpm;
  const nBeats = spec.sections.length * bars * 4;
  const tail = 1.5;
  const n = Math.round((leadIn + nBeats * beat + tail) * sr);
  const L = new Float32Array(n),
    R = new Float32Array(n);
  const rand = prng(spec.seed ?? "song");
  const noise = () => 2 * rand() - 1;
  const add = (t0: number, dur: number, pan: number, f: (t: number) => number) => {
    const a = Math.round(t0 * sr),
      b = Math.min(n, a + Math.round(dur * sr));
    const gl = Math.cos(((pan + 1) * Math.PI) / 4),
      gr = Math.sin(((pan + 1) * Math.PI) / 4);
    for (let i = a; i < b; i++) {
      const v = f((i - a) / sr);
      L[i] += gl * v;
      R[i] += gr * v;
    }
  };
  const kick = (t0: number, g = 1) =>
    add(
      t0,
      0.35,
      0,
      (t) => g * 0.9 * Math.sin(2 * Math.PI * (45 * t + (75 / 30) * (1 - Math.exp(-30 * t)))) * Math.exp(-9 * t),
    );
  const snare = (t0: number, g = 1) => {
    let lp = 0;
    add(t0, 0.25, 0.1, (t) => {
      const w = noise();
      lp += 0.3 * (w - lp);
      return g * (0.35 * (w - lp) + 0.25 * Math.sin(2 * Math.PI * 190 * t)) * Math.exp(-18 * t);
    });
  };
  const hat = (t0: number, g: number) => {
    let prev = 0;
    add(t0, 0.06, -0.3, (t) => {
      const w = noise();
      const hp = w - prev;
      prev = w;
      return g * 0.12 * hp * Math.exp(-70 * t);
    });
  };
  // Tones read a one-cycle wavetable (1/h harmonic series) with a recursive exponential decay:
  // far cheaper than summing sines per sample, so a 3-minute song renders in about a second.
  const TABLE = 4096;
  const tables = new Map<number, Float32Array>();
  const table = (harmonics: number) => {
    let t = tables.get(harmonics);
    if (!t) {
      t = new Float32Array(TABLE + 1);
      for (let i = 0; i <= TABLE; i++)
        for (let h = 1; h <= harmonics; h++) t[i] += Math.sin((2 * Math.PI * h * i) / TABLE) / h;
      tables.set(harmonics, t);
    }
    return t;
  };
  const tone = (
    t0: number,
    dur: number,
    m: number,
    gain: number,
    pan: number,
    harmonics: number,
    attack: number,
    decay: number,
  ) => {
    const tab = table(harmonics);
    const a = Math.round(t0 * sr),
      len = Math.round((dur + 0.05) * sr),
      rel = Math.round(dur * sr);
    const gl = gain * Math.cos(((pan + 1) * Math.PI) / 4),
      gr = gain * Math.sin(((pan + 1) * Math.PI) / 4);
    const inc = (hz(m) * TABLE) / sr,
      att = Math.max(1, Math.round(attack * sr)),
      k = Math.exp(-decay / sr);
    let ph = 0,
      env = 1;
    for (let q = 0; q < len && a + q < n; q++) {
      const i0 = ph | 0;
      const v = tab[i0] + (ph - i0) * (tab[i0 + 1] - tab[i0]);
      const g = env * Math.min(1, q / att) * (q > rel ? Math.max(0, 1 - (q - rel) / (0.05 * sr)) : 1);
      L[a + q] += gl * v * g;
      R[a + q] += gr * v * g;
      env *= k;
      ph += inc;
      if (ph >= TABLE) ph -= TABLE;
    }
  };

  const beats: number[] = [];
  for (let k = 0; k < nBeats; k++) beats.push(leadIn + k * beat);
  spec.sections.forEach((name, si) => {
    const chords = CHORDS[name];
    const melody = Array.from({ length: 8 }, () => Math.floor(rand() * 5));
    for (let bar = 0; bar < bars; bar++) {
      const b0 = (si * bars + bar) * 4;
      const t = beats[b0];
      const chord = chords[bar % 4];
      // Pad: the chord held for the bar.
      for (const m of chord) tone(t, 4 * beat - 0.05, m, 0.045, -0.5, 4, 0.08, 0.3);
      for (let q = 0; q < 4; q++) {
        const tb = beats[b0 + q];
        if (name !== "intro" && (q === 0 || q === 2)) kick(tb);
        if (name === "chorus" && q === 2) kick(tb + beat / 2, 0.6);
        if (q === 1 || q === 3) snare(tb, name === "intro" ? 0.5 : 1);
        hat(tb, 1);
        hat(tb + beat / 2, name === "verse" ? 0.4 : 0.7);
        // Bass: root on the beat, octave on the off-beat in the chorus.
        tone(tb, beat * 0.45, chord[0] - 24, 0.22, 0, 3, 0.005, 4);
        if (name === "chorus" || name === "bridge")
          tone(tb + beat / 2, beat * 0.4, chord[0] - 12, 0.15, 0, 3, 0.005, 5);
        if (name === "chorus") {
          const scale = [0, 3, 5, 7, 10];
          tone(tb, beat * 0.9, chord[0] + 12 + scale[melody[(bar * 4 + q) % 8]], 0.07, 0.4, 5, 0.01, 2);
        }
      }
    }
  });
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(L[i]), Math.abs(R[i]));
  const g = 0.8 / peak;
  for (let i = 0; i < n; i++) {
    L[i] *= g;
    R[i] *= g;
  }
  return { pcm: { left: L, right: R, sampleRate: sr }, beats, period: beat, duration: n / sr };
}

export const mono = (p: StereoPcm) => {
  const m = new Float32Array(p.left.length);
  for (let i = 0; i < m.length; i++) m[i] = 0.5 * (p.left[i] + p.right[i]);
  return m;
};

/**
 * A General-MIDI groove (type-0 SMF bytes): GM drums (kick 1 & 3, snare 2 & 4, eighth hats), finger
 * bass, piano on half notes and strings, a 4-chord loop, first downbeat at tick 0. Rendered with
 * Debian's fluidsynth + fluid-soundfont-gm it gives sampled instruments with soft attacks — a
 * harder case for the tracker than the synthetic songs (used by the bench when fluidsynth exists).
 */
export function grooveMidi(bpm: number, bars: number): Buffer {
  const PPQ = 480;
  const ev: [number, number[]][] = [];
  const note = (t: number, ch: number, n: number, v: number, dur: number) => {
    ev.push([t, [0x90 | ch, n, v]]);
    ev.push([t + Math.round(dur), [0x80 | ch, n, 0]]);
  };
  ev.push([0, [0xc1, 33]], [0, [0xc2, 0]], [0, [0xc3, 48]]);
  const chords = [
    [57, 60, 64],
    [53, 57, 60],
    [48, 52, 55],
    [55, 59, 62],
  ];
  for (let b = 0; b < bars; b++) {
    const t0 = b * 4 * PPQ,
      ch = chords[b % 4];
    for (let q = 0; q < 4; q++) {
      const t = t0 + q * PPQ;
      note(t, 9, q % 2 === 0 ? 36 : 38, 105, 120);
      note(t, 9, 42, 80, 60);
      note(t + PPQ / 2, 9, 42, 60, 60);
      note(t, 1, ch[0] - 24, 100, PPQ * 0.8);
      if (q % 2 === 0) for (const n of ch) note(t, 2, n, 70, PPQ * 1.8);
    }
    for (const n of ch) note(t0, 3, n + 12, 50, 4 * PPQ - 10);
  }
  // Note-offs before note-ons at the same tick.
  ev.sort((a, b) => a[0] - b[0] || (a[1][0] & 0xf0) - (b[1][0] & 0xf0));
  const vlq = (n: number) => {
    const o = [n & 0x7f];
    for (let rest = n >> 7; rest > 0; rest >>= 7) o.unshift((rest & 0x7f) | 0x80);
    return o;
  };
  const tempo = Math.round(60e6 / bpm);
  const bytes = [0, 0xff, 0x51, 3, (tempo >> 16) & 255, (tempo >> 8) & 255, tempo & 255];
  let last = 0;
  for (const [t, b] of ev) {
    bytes.push(...vlq(t - last), ...b);
    last = t;
  }
  bytes.push(0, 0xff, 0x2f, 0);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([
    Buffer.from([0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, (PPQ >> 8) & 255, PPQ & 255]),
    Buffer.from("MTrk", "ascii"),
    len,
    Buffer.from(bytes),
  ]);
}
