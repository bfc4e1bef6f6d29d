// Splicing two CBR mp3s that ffmpeg (libmp3lame) wrote from PCM sharing a long common prefix, so
// the prefix is encoded once: `full` encodes PCM A from sample 0; `tail` encodes PCM B (equal to A
// for the first `sharedFrames` frames' worth of input) from frame `tailStart` on, with the same
// settings. LAME is deterministic and its state has a short memory, so after a few frames of
// identical input the tail encoder emits the same frames as the full one (only the stuffing bits
// between frames, which decoders skip, can differ). The result is the full file's frames up to a
// frame j where the two have converged, then the tail's frames: it decodes to the same samples as a
// full encode of B, provided
//   (1) frame j − 1 carries the same side info and main data in both (so the decoder's state after
//       it — IMDCT overlap and synthesis filter history, both shorter than a frame — is the same),
//       and a run of frames before it too (convergence, not a coincidence);
//   (2) the bytes the tail's frame j reads from before its own start (the bit reservoir,
//       `main_data_begin`) are the same in the full file;
//   (3) every frame before j depends only on shared input (the caller's `sharedFrames` bound).
// The Xing/Info frame is rebuilt for the spliced stream (frame count, size, TOC, music CRC and tag
// CRC, as ffmpeg's mp3 muxer writes them; the end padding is the tail's). Before trusting its own
// rebuild, spliceMp3 rebuilds both inputs' Info frames and requires them byte-identical to what
// ffmpeg wrote; anything unexpected returns null and the caller encodes B in full.
import "server-only";

const BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const RATES_V1 = [44100, 48000, 32000];
/** Side info of an MPEG-1 stereo layer III frame without CRC: 32 bytes after the 4-byte header. */
const SIDE_INFO_END = 36;
const MIN_CONVERGED_RUN = 8;

interface Mp3File {
  /** ID3v2 tag (may be empty). */
  head: Uint8Array;
  /** The Xing/Info frame ffmpeg writes first, and where its "Info"/"Xing" tag starts. */
  info: Uint8Array;
  tagAt: number;
  frames: Uint8Array[];
}

/** Frame length of an MPEG-1 layer III stereo frame without CRC, or 0 for anything else. */
function frameLength(b: Uint8Array, i: number): number {
  if (i + 4 > b.length || b[i] !== 0xff || b[i + 1] !== 0xfb) return 0; // MPEG-1, layer III, no CRC
  const br = BITRATES_V1_L3[b[i + 2] >> 4];
  const sr = RATES_V1[(b[i + 2] >> 2) & 3];
  if (!br || !sr || (b[i + 3] & 0xc0) === 0xc0) return 0; // free format, reserved rate, mono
  return Math.floor((144000 * br) / sr) + ((b[i + 2] >> 1) & 1);
}

function parse(b: Uint8Array): Mp3File | null {
  let i = 0;
  if (b.length > 10 && b[0] === 0x49 && b[1] === 0x44 && b[2] === 0x33) {
    if (b[5] & 0x10) return null; // ID3v2 footer: not what ffmpeg writes
    i = 10 + ((b[6] << 21) | (b[7] << 14) | (b[8] << 7) | b[9]);
  }
  const head = b.subarray(0, i);
  const frames: Uint8Array[] = [];
  while (i < b.length) {
    const n = frameLength(b, i);
    if (!n || i + n > b.length) return null; // trailing tag, junk or a cut frame
    frames.push(b.subarray(i, i + n));
    i += n;
  }
  const info = frames.shift();
  if (!info || frames.length === 0) return null;
  const tag = String.fromCharCode(...info.subarray(SIDE_INFO_END, SIDE_INFO_END + 4));
  if (tag !== "Info" && tag !== "Xing") return null;
  if (info.length < SIDE_INFO_END + 156) return null;
  return { head, info, tagAt: SIDE_INFO_END, frames };
}

const CRC16_TABLE = (() => {
  const t = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-16 (polynomial 0x8005, reflected, initial 0): the LAME tag's music and tag CRCs. */
function crc16(data: Uint8Array, crc = 0): number {
  for (let i = 0; i < data.length; i++) crc = CRC16_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return crc;
}

/**
 * The Info frame ffmpeg's muxer would write after `frames`, from `template` (an Info frame it wrote
 * with the same settings and the same end padding): frame count, size, TOC (ffmpeg's bag
 * sampling), music length, music CRC, tag CRC.
 */
function rebuildInfo(template: Uint8Array, tagAt: number, frames: Uint8Array[]): Uint8Array {
  const out = Uint8Array.from(template);
  const dv = new DataView(out.buffer);
  const BAGS = 400;
  const bag = new Array<number>(BAGS).fill(0);
  let size = out.length,
    want = 1,
    seen = 0,
    pos = 0,
    music = 0;
  for (const f of frames) {
    size += f.length;
    music = crc16(f, music);
    if (++seen === want) {
      bag[pos] = size;
      if (++pos === BAGS) {
        for (let i = 1; i < BAGS; i += 2) bag[i >> 1] = bag[i];
        want *= 2;
        pos = BAGS / 2;
      }
      seen = 0;
    }
  }
  dv.setUint32(tagAt + 8, frames.length);
  dv.setUint32(tagAt + 12, size);
  out[tagAt + 16] = 0;
  for (let i = 1; i < 100; i++) {
    const j = Math.floor((i * pos) / 100);
    out[tagAt + 16 + i] = Math.min(255, Math.floor((256 * bag[j]) / size));
  }
  dv.setUint32(tagAt + 148, size); // LAME tag: music length
  dv.setUint16(tagAt + 152, music); // music CRC
  dv.setUint16(tagAt + 154, crc16(out.subarray(0, tagAt + 154))); // tag CRC
  return out;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

/**
 * Per frame of `frames`: where its payload starts in the stream of payloads (`at`), where its main
 * data starts (`start`, negative when it reads from before the first frame given) and its length.
 */
function mainData(frames: Uint8Array[]): { payload: Uint8Array; at: Int32Array; start: Int32Array; bits: Int32Array } {
  const payload = new Uint8Array(frames.reduce((s, f) => s + f.length - SIDE_INFO_END, 0));
  const at = new Int32Array(frames.length);
  const start = new Int32Array(frames.length);
  const bits = new Int32Array(frames.length);
  let pos = 0;
  for (let k = 0; k < frames.length; k++) {
    const f = frames[k];
    at[k] = pos;
    start[k] = pos - ((f[4] << 1) | (f[5] >> 7)); // main_data_begin: 9 bits
    let n = 0;
    for (let ch = 0; ch < 4; ch++) {
      const bit = 32 + 20 + 59 * ch; // part2_3_length: 12 bits at the start of each granule/channel
      const word = (f[bit >> 3] << 16) | (f[(bit >> 3) + 1] << 8) | f[(bit >> 3) + 2];
      n += (word >> (12 - (bit & 7))) & 0xfff;
    }
    bits[k] = n;
    payload.set(f.subarray(SIDE_INFO_END), pos);
    pos += f.length - SIDE_INFO_END;
  }
  return { payload, at, start, bits };
}

/**
 * `full` (PCM A from sample 0) and `tail` (PCM B from frame `tailStart`, i.e. sample
 * tailStart × 1152) spliced into one mp3 of B, or null when they cannot be spliced exactly (the
 * caller then encodes B in full). Frames before `sharedFrames` must depend only on input that A and
 * B share (the caller keeps a margin for the encoder's look-ahead).
 */
export function spliceMp3(
  full: Uint8Array,
  tail: Uint8Array,
  tailStart: number,
  sharedFrames: number,
): Uint8Array | null {
  const a = parse(full);
  const b = parse(tail);
  if (!a || !b || tailStart < 0) return null;
  // The rebuild must reproduce what ffmpeg wrote, or its layout is not the one this code knows.
  if (!sameBytes(rebuildInfo(b.info, b.tagAt, b.frames), b.info)) return null;
  const last = Math.min(sharedFrames, a.frames.length, tailStart + b.frames.length);
  if (last <= tailStart + MIN_CONVERGED_RUN) return null;
  // Only the frames where the two overlap are compared: A from tailStart on, B from its start, so
  // the same index k − tailStart addresses both.
  const A = mainData(a.frames.slice(tailStart, last));
  const B = mainData(b.frames.slice(0, last - tailStart));
  const same = (k: number) => {
    const fa = a.frames[k],
      fb = b.frames[k - tailStart];
    if (fa.length !== fb.length || !sameBytes(fa.subarray(0, SIDE_INFO_END), fb.subarray(0, SIDE_INFO_END))) {
      return false;
    }
    const i = k - tailStart;
    const n = A.bits[i];
    const sa = A.start[i],
      sb = B.start[i];
    if (sa < 0 || sb < 0) return false;
    const whole = n >> 3;
    if (!sameBytes(A.payload.subarray(sa, sa + whole), B.payload.subarray(sb, sb + whole))) return false;
    const mask = (0xff << (8 - (n & 7))) & 0xff;
    return (n & 7) === 0 || (A.payload[sa + whole] & mask) === (B.payload[sb + whole] & mask);
  };
  let run = 0;
  for (let j = tailStart + 1; j < last; j++) {
    run = same(j - 1) ? run + 1 : 0;
    if (run < MIN_CONVERGED_RUN) continue;
    // Bit reservoir: what tail frame j reads before its own payload must be in the full file too.
    const m = j - tailStart;
    const back = B.at[m] - B.start[m];
    if (A.at[m] - back < 0) continue;
    if (
      back > 0 &&
      !sameBytes(A.payload.subarray(A.at[m] - back, A.at[m]), B.payload.subarray(B.at[m] - back, B.at[m]))
    ) {
      continue;
    }
    const frames = [...a.frames.slice(0, j), ...b.frames.slice(m)];
    const info = rebuildInfo(b.info, b.tagAt, frames);
    const out = new Uint8Array(b.head.length + info.length + frames.reduce((s, f) => s + f.length, 0));
    out.set(b.head, 0);
    out.set(info, b.head.length);
    let o = b.head.length + info.length;
    for (const f of frames) {
      out.set(f, o);
      o += f.length;
    }
    return out;
  }
  return null;
}

/** Samples per MPEG-1 layer III frame. */
export const MP3_FRAME_SAMPLES = 1152;
/**
 * Frames kept clear of the first differing sample: LAME's frame m depends on input up to about
 * (m + 2) × 1152 (encoder delay 576 + 529, MDCT overlap, the psychoacoustic look-ahead).
 */
const LOOKAHEAD_FRAMES = 4;
/** The tail encoder starts this many frames (≈ 5 s) before the last spliceable frame. */
const PREROLL_FRAMES = 200;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Where a tail encode must start for spliceMp3, given how many leading samples two PCM signals
 * share: a frame index that is a whole number of padding periods (CBR frames alternate 626/627
 * bytes at 192k/44.1 kHz in a cycle of 49, which the tail must follow in step), about 5 s before
 * the last frame that depends only on shared input. Null when less than `minSharedSeconds` is
 * shared (not worth a splice).
 */
export function planTail(
  sharedSamples: number,
  sampleRate: number,
  kbps: number,
  minSharedSeconds = 20,
): { tailStart: number; sharedFrames: number } | null {
  const frac = (144_000 * kbps) % sampleRate;
  const period = frac === 0 ? 1 : sampleRate / gcd(frac, sampleRate);
  const sharedFrames = Math.floor(sharedSamples / MP3_FRAME_SAMPLES) - LOOKAHEAD_FRAMES;
  const tailStart = Math.floor((sharedFrames - PREROLL_FRAMES) / period) * period;
  if (!Number.isInteger(period) || tailStart * MP3_FRAME_SAMPLES < minSharedSeconds * sampleRate) return null;
  return { tailStart, sharedFrames };
}
