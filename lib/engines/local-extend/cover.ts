// Cover image drawn from the audio itself (no ffmpeg pass over the output): a dark gradient tinted
// by the song's strongest pitch class, and the variant's loudness envelope as mirrored bars whose
// colour follows the beat's chroma. Written as an 8-bit RGB PNG with node:zlib.
import { writeFile } from "node:fs/promises";
import { deflateSync } from "node:zlib";
import type { StereoPcm } from "@/lib/media/ffmpeg";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** RGB pixels (width × height × 3) → PNG bytes. */
export function encodePng(rgb: Uint8Array, width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 6 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

export interface CoverInput {
  audio: StereoPcm;
  /** Beat-synchronous chroma of the source (beats × 12) and the output's beat times mapped to source beats. */
  chroma: Float32Array;
  /** For each output column, which source beat plays there (−1 = unknown). */
  beatAtColumn: (column: number, columns: number) => number;
  /** Shifts the palette so the variants look different. */
  variant: number;
}

export async function writeCover(path: string, input: CoverInput, size = 512): Promise<void> {
  const { audio, chroma } = input;
  const W = size,
    Hh = size;
  const B = chroma.length / 12;
  const total = new Float64Array(12);
  for (let k = 0; k < B; k++) for (let d = 0; d < 12; d++) total[d] += chroma[k * 12 + d];
  const keyPc = B > 0 ? total.indexOf(Math.max(...total)) : 0;
  const baseHue = (keyPc * 30 + input.variant * 47) % 360;
  const rgb = new Uint8Array(W * Hh * 3);
  for (let y = 0; y < Hh; y++) {
    const [r, g, b] = hsl(baseHue, 0.45, 0.06 + 0.14 * (y / Hh));
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      rgb[i] = r;
      rgb[i + 1] = g;
      rgb[i + 2] = b;
    }
  }
  // Peak envelope per 4-pixel column, on a square-root scale so quiet passages still show.
  const colW = 4,
    cols = Math.floor(W / colW);
  const n = audio.left.length;
  const mid = Hh / 2;
  for (let c = 0; c < cols; c++) {
    const a = Math.floor((c * n) / cols),
      e = Math.floor(((c + 1) * n) / cols);
    let peak = 0;
    for (let i = a; i < e; i += 8) peak = Math.max(peak, Math.abs(audio.left[i]), Math.abs(audio.right[i]));
    const hgt = Math.min(mid - 16, Math.sqrt(Math.min(1, peak)) * (mid - 16));
    const beat = input.beatAtColumn(c, cols);
    let pc = keyPc;
    if (beat >= 0 && beat < B) {
      let m = -1;
      for (let d = 0; d < 12; d++)
        if (chroma[beat * 12 + d] > m) {
          m = chroma[beat * 12 + d];
          pc = d;
        }
    }
    const [r, g, b] = hsl((pc * 30 + input.variant * 47) % 360, 0.75, 0.6);
    for (let y = Math.floor(mid - hgt); y <= Math.ceil(mid + hgt); y++) {
      const fade = 1 - (0.5 * Math.abs(y - mid)) / (mid - 15);
      for (let x = c * colW; x < c * colW + colW - 1; x++) {
        const i = (y * W + x) * 3;
        rgb[i] = Math.round(r * fade);
        rgb[i + 1] = Math.round(g * fade);
        rgb[i + 2] = Math.round(b * fade);
      }
    }
  }
  await writeFile(path, encodePng(rgb, W, Hh));
}
