// The one Web Audio scheduler for Studio: live preview (AudioContext) and offline render
// (OfflineAudioContext) both call scheduleClips, so what the editor plays is what it renders.
// Browser code: standard Web Audio only and no imports beyond the shared types, because this file
// is bundled on its own (esbuild) into the Chromium render test as well as into the editor.
// Gain is exactly volume × the linear fades, with no hidden de-click ramps, so the server's ffmpeg
// export (afade curve=tri) agrees with it sample for sample. The math is in small pure functions
// (planClip, gainAt) that run without a browser.
import type { AudibleClip, MediaRef } from "./types";

const US = 1_000_000;

/** One automation event on the clip's gain, in context seconds. */
export type GainEvent = { type: "set" | "ramp"; time: number; value: number };

/** What to do for one clip: source.start(startAt, offset, duration) and the gain events, in order. */
export type ClipPlan = {
  /** Context time (s) the source starts. */
  startAt: number;
  /** Seconds into the buffer. */
  offset: number;
  /** Seconds to play. */
  duration: number;
  gain: GainEvent[];
};

type FadeShape = Pick<AudibleClip, "duration" | "volume" | "fadeIn" | "fadeOut">;

/** Fades that fit in the clip (fade-in wins), as the model clamps them. */
function fitted(c: FadeShape) {
  const fadeIn = Math.min(Math.max(0, c.fadeIn), c.duration);
  const fadeOut = Math.min(Math.max(0, c.fadeOut), c.duration - fadeIn);
  return { fadeIn, fadeOut };
}

/** The clip's gain `offsetUs` into it: volume × linear fade-in × linear fade-out. */
export function gainAt(c: FadeShape, offsetUs: number): number {
  const { fadeIn, fadeOut } = fitted(c);
  if (offsetUs < 0 || offsetUs > c.duration) return 0;
  let g = c.volume;
  if (fadeIn > 0 && offsetUs < fadeIn) g *= offsetUs / fadeIn;
  const fadeOutStart = c.duration - fadeOut;
  if (fadeOut > 0 && offsetUs > fadeOutStart) g *= (c.duration - offsetUs) / fadeOut;
  return g;
}

/** Seconds rounded to the nearest sample frame, so starts land where ffmpeg's adelay puts them. */
export function toFrameTime(seconds: number, sampleRate: number): number {
  return Math.round(seconds * sampleRate) / sampleRate;
}

/**
 * The schedule of one clip when the transport position `fromUs` plays at context time `when`;
 * null when the clip is over by then. Starting mid-fade anchors the gain at its current value.
 */
export function planClip(
  c: Pick<AudibleClip, "start" | "sourceStart" | "duration" | "volume" | "fadeIn" | "fadeOut">,
  opts: { when: number; fromUs: number; toUs?: number | null; sampleRate: number },
): ClipPlan | null {
  const end = c.start + c.duration;
  const stopUs = Math.min(end, opts.toUs ?? end);
  if (end <= opts.fromUs || c.duration <= 0 || stopUs <= Math.max(c.start, opts.fromUs)) return null;
  const into = Math.max(0, opts.fromUs - c.start);
  const sr = opts.sampleRate;
  const startAt = toFrameTime(opts.when + Math.max(0, c.start - opts.fromUs) / US, sr);
  const offset = toFrameTime((c.sourceStart + into) / US, sr);
  // A loop's end cuts the clip there (the gain events past it never play).
  const duration = toFrameTime((stopUs - c.start - into) / US, sr);
  // Clip-relative µs → context seconds.
  const at = (us: number) => startAt + (us - into) / US;
  const { fadeIn, fadeOut } = fitted(c);
  const gain: GainEvent[] = [{ type: "set", time: startAt, value: gainAt(c, into) }];
  if (fadeIn > 0 && into < fadeIn) gain.push({ type: "ramp", time: at(fadeIn), value: c.volume });
  const fadeOutStart = c.duration - fadeOut;
  if (fadeOut > 0) {
    // Anchor the fade-out's start unless playback begins inside it (then the first "set" is the anchor).
    if (into < fadeOutStart) gain.push({ type: "set", time: at(fadeOutStart), value: c.volume });
    gain.push({ type: "ramp", time: at(c.duration), value: 0 });
  }
  return { startAt, offset, duration, gain };
}

export type ScheduleOptions = {
  /** Context time (s) at which timeline position `fromUs` plays. */
  when: number;
  /** Timeline position (µs) to start from. */
  fromUs: number;
  /** Timeline position (µs) where playback stops (a loop's end); default: each clip's end. */
  toUs?: number | null;
  /** Where the clips go (default ctx.destination), e.g. a master gain or an analyser. */
  destination?: AudioNode;
};

/**
 * Schedules every clip (with a decoded buffer) on `ctx`. Sources can start once only, so a seek or
 * pause is stop() and a new call. Clips without a buffer are skipped (still decoding). For live
 * playback pass `when` slightly ahead of ctx.currentTime (e.g. + 0.05 s): a start in the past
 * would play late rather than skip ahead. For a loop pass `toUs` and schedule the next pass at
 * `when + (toUs − fromUs) / 1e6` before this one ends.
 */
export function scheduleClips(
  ctx: BaseAudioContext,
  clips: readonly AudibleClip[],
  buffers: ReadonlyMap<MediaRef, AudioBuffer>,
  opts: ScheduleOptions,
): { stop(): void } {
  const destination = opts.destination ?? ctx.destination;
  const nodes: { source: AudioBufferSourceNode; gain: GainNode }[] = [];
  for (const clip of clips) {
    const buffer = buffers.get(clip.media);
    if (!buffer) continue;
    const plan = planClip(clip, { when: opts.when, fromUs: opts.fromUs, toUs: opts.toUs, sampleRate: ctx.sampleRate });
    if (!plan || plan.offset >= buffer.duration) continue;
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    const gain = ctx.createGain();
    for (const ev of plan.gain) {
      if (ev.type === "set") gain.gain.setValueAtTime(ev.value, ev.time);
      else gain.gain.linearRampToValueAtTime(ev.value, ev.time);
    }
    source.connect(gain);
    gain.connect(destination);
    source.start(plan.startAt, plan.offset, plan.duration);
    nodes.push({ source, gain });
  }
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      for (const { source, gain } of nodes) {
        try {
          source.stop();
        } catch {
          // Already ended: nothing to stop.
        }
        source.disconnect();
        gain.gain.cancelScheduledValues(0);
        gain.disconnect();
      }
    },
  };
}

/** Length in frames of a render of `clips` (the end of the last clip), at least one frame. */
export function renderLength(clips: readonly Pick<AudibleClip, "start" | "duration">[], sampleRate: number): number {
  let endUs = 0;
  for (const c of clips) endUs = Math.max(endUs, c.start + c.duration);
  return Math.max(1, Math.ceil((endUs * sampleRate) / US));
}

/** Renders the clips from 0 to the end of the last one in an OfflineAudioContext. */
export async function renderOffline(
  clips: readonly AudibleClip[],
  buffers: ReadonlyMap<MediaRef, AudioBuffer>,
  opts: { sampleRate: number; channels: number },
): Promise<AudioBuffer> {
  const ctx = new OfflineAudioContext({
    numberOfChannels: opts.channels,
    length: renderLength(clips, opts.sampleRate),
    sampleRate: opts.sampleRate,
  });
  scheduleClips(ctx, clips, buffers, { when: 0, fromUs: 0, destination: ctx.destination });
  return ctx.startRendering();
}

/** The part of an AudioBuffer encodeWav reads (so it also takes plain PCM in tests and workers). */
export type PcmSource = Pick<AudioBuffer, "numberOfChannels" | "sampleRate" | "length" | "getChannelData">;

/** A float sample as 16-bit PCM, the way ffmpeg converts (× 32768, rounded, clipped). */
export function floatToPcm16(x: number): number {
  if (Number.isNaN(x)) return 0;
  return Math.max(-32768, Math.min(32767, Math.round(x * 32768)));
}

/** A 16-bit PCM WAV file (44-byte RIFF header, interleaved little-endian samples). */
export function encodeWav(buffer: PcmSource): ArrayBuffer {
  const channels = buffer.numberOfChannels;
  const frames = buffer.length;
  const dataBytes = frames * channels * 2;
  const out = new ArrayBuffer(44 + dataBytes);
  const v = new DataView(out);
  const ascii = (offset: number, s: string) => {
    for (let i = 0; i < s.length; i++) v.setUint8(offset + i, s.charCodeAt(i));
  };
  ascii(0, "RIFF");
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, channels, true);
  v.setUint32(24, buffer.sampleRate, true);
  v.setUint32(28, buffer.sampleRate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  ascii(36, "data");
  v.setUint32(40, dataBytes, true);
  const data = Array.from({ length: channels }, (_, ch) => buffer.getChannelData(ch));
  let p = 44;
  for (let i = 0; i < frames; i++) {
    for (let ch = 0; ch < channels; ch++) {
      v.setInt16(p, floatToPcm16(data[ch][i]), true);
      p += 2;
    }
  }
  return out;
}
