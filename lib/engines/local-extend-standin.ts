// STAND-IN until lib/engines/local-extend/index.ts (beat-synchronous extension, another branch)
// lands: the same signature, done plainly — keep the audio up to continueAt, then loop the bar
// before it (each variant a different loop length) with short crossfades up to the target length.
// The lead swaps the import in lib/engines/registry.ts and deletes this file at merge.
import fs from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";
import { decodeToFloat32, encodeFromFloat32 } from "@/lib/media/ffmpeg";

export interface ExtendRequest {
  inputPath: string;
  continueAt: number;
  targetSeconds?: number;
  workDir: string;
  title?: string;
  variants?: number;
  seed?: string;
  onProgress?: (fraction: number, stage: string) => void;
  signal?: AbortSignal;
}
export interface ExtendVariant {
  audioPath: string /* mp3 */;
  imagePath: string /* cover png/jpg */;
  duration: number;
  jumps: number;
}
export interface ExtendResult {
  variants: ExtendVariant[];
  tempoBpm: number;
  beats: number;
}

const RATE = 44100;
const FADE = Math.round(0.02 * RATE);

function loopFrom(src: Float32Array, cut: number, loopLen: number, total: number): { out: Float32Array; jumps: number } {
  const out = new Float32Array(total);
  out.set(src.subarray(0, Math.min(cut, total)));
  const start = Math.max(0, cut - loopLen);
  const len = cut - start;
  let pos = cut;
  let jumps = 0;
  while (pos < total && len > 0) {
    jumps++;
    for (let i = 0; i < len && pos + i < total; i++) {
      const s = src[start + i];
      // Crossfade the seam so the jump does not click.
      if (i < FADE && pos + i - 1 >= 0) {
        const t = i / FADE;
        out[pos + i] = s * t + (src[Math.min(src.length - 1, cut + i)] ?? 0) * (1 - t);
      } else out[pos + i] = s;
    }
    pos += len;
  }
  return { out, jumps };
}

/** A tiny solid-colour PNG as the cover (no image library needed). */
function coverPng(file: string, rgb: [number, number, number]) {
  const size = 64;
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) rgb.forEach((c, i) => (raw[y * (size * 3 + 1) + 1 + x * 3 + i] = (c + x + y) & 255));
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const byte of b) c = crcTable[(c ^ byte) & 255] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  fs.writeFileSync(file, Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]));
}

export async function extendMusic(req: ExtendRequest): Promise<ExtendResult> {
  req.onProgress?.(0.05, "decoding");
  const pcm = await decodeToFloat32(req.inputPath, { sampleRate: RATE, signal: req.signal });
  const srcSec = pcm.left.length / RATE;
  const continueAt = Math.min(Math.max(0.1, req.continueAt), srcSec);
  const target = req.targetSeconds ?? continueAt + Math.min(60, Math.max(8, srcSec));
  const total = Math.round(target * RATE);
  const cut = Math.round(continueAt * RATE);
  const n = Math.max(1, req.variants ?? 2);
  const variants: ExtendVariant[] = [];
  for (let v = 0; v < n; v++) {
    const loopLen = Math.round(Math.min(continueAt, 2 + v) * RATE);
    const l = loopFrom(pcm.left, cut, loopLen, total);
    const r = loopFrom(pcm.right, cut, loopLen, total);
    const audioPath = path.join(req.workDir, `variant-${v + 1}.mp3`);
    const imagePath = path.join(req.workDir, `variant-${v + 1}.png`);
    await encodeFromFloat32({ left: l.out, right: r.out, sampleRate: RATE }, audioPath, { format: "mp3", signal: req.signal });
    coverPng(imagePath, [40 + 80 * v, 90, 160 - 60 * v]);
    variants.push({ audioPath, imagePath, duration: total / RATE, jumps: l.jumps });
    req.onProgress?.((v + 1) / n, `variant ${v + 1} of ${n}`);
  }
  return { variants, tempoBpm: 120, beats: Math.round((total / RATE) * 2) };
}
