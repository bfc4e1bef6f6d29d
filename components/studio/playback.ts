// Live preview: one AudioContext for the page, a decode cache per media, and scheduleClips (the
// same function the offline render uses) so what plays is what exports. The playhead position is
// pushed to DOM listeners from requestAnimationFrame; React state only learns the final position
// on pause/seek (store.seek), so a playing timeline never re-renders per frame.
import { audibleClips } from "@/lib/studio/model";
import type { scheduleClips } from "@/lib/studio/schedule";
import type { MediaRef, StudioTimeline } from "@/lib/studio/types";
import type { StudioStore } from "./store";

type Frame = (us: number) => void;

/** How long before a loop's end its next pass is scheduled (several animation frames of margin). */
const LOOP_LOOKAHEAD_SEC = 0.25;

export class Player {
  private ctx: AudioContext | null = null;
  private buffers = new Map<MediaRef, Promise<AudioBuffer | null>>();
  private running: { stop(): void } | null = null;
  /** The next pass of a loop, scheduled ahead to start where the current one ends. */
  private queued: { running: { stop(): void }; t0: number; startUs: number; endUs: number } | null = null;
  /** The scheduler loads with the first play (its own chunk), not with the page. */
  private schedule: typeof scheduleClips | null = null;
  private t0 = 0;
  private fromUs = 0;
  private raf = 0;
  private frames = new Set<Frame>();
  private listeners = new Set<() => void>();
  playing = false;
  loading = false;

  constructor(
    private store: StudioStore,
    private urlFor: (ref: MediaRef) => Promise<string | undefined>,
  ) {}

  onFrame(fn: Frame) {
    this.frames.add(fn);
    return () => void this.frames.delete(fn);
  }
  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  private emit() {
    for (const l of this.listeners) l();
  }
  get state() {
    return this.ctx?.state ?? "none";
  }

  private buffer(ctx: AudioContext, ref: MediaRef) {
    let hit = this.buffers.get(ref);
    if (!hit) {
      hit = this.urlFor(ref)
        .then((url) => (url ? fetch(url, { credentials: "same-origin" }) : Promise.reject(new Error("no url"))))
        .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(String(r.status)))))
        .then((b) => ctx.decodeAudioData(b))
        .catch(() => {
          this.buffers.delete(ref);
          return null;
        });
      this.buffers.set(ref, hit);
    }
    return hit;
  }

  /** The position now: live while playing, the committed playhead otherwise. */
  positionUs() {
    if (!this.playing || !this.ctx) return this.store.getState().playheadUs;
    return this.fromUs + Math.max(0, this.ctx.currentTime - this.t0) * 1e6;
  }

  async play() {
    if (this.playing || this.loading) return;
    // Created and resumed inside the user's gesture: the autoplay policy allows that.
    if (!this.ctx) {
      this.ctx = new AudioContext({ latencyHint: "interactive" });
      this.ctx.onstatechange = () => this.emit();
    }
    const ctx = this.ctx;
    const resumed = ctx.resume();
    const s = this.store.getState();
    const t: StudioTimeline = s.timeline;
    const clips = audibleClips(t);
    this.loading = true;
    this.emit();
    const refs = [...new Set(clips.map((c) => c.media))];
    const [decoded, { scheduleClips: schedule }] = await Promise.all([
      Promise.all(refs.map((r) => this.buffer(ctx, r))),
      import("@/lib/studio/schedule"),
    ]);
    this.schedule = schedule;
    await resumed;
    this.loading = false;
    const buffers = new Map<MediaRef, AudioBuffer>();
    refs.forEach((r, i) => decoded[i] && buffers.set(r, decoded[i] as AudioBuffer));
    const loop = s.loop;
    let from = s.playheadUs;
    if (loop && (from < loop.startUs || from >= loop.endUs)) from = loop.startUs;
    this.start(ctx, clips, buffers, from);
  }

  private start(
    ctx: AudioContext,
    clips: ReturnType<typeof audibleClips>,
    buffers: Map<MediaRef, AudioBuffer>,
    from: number,
  ) {
    this.fromUs = from;
    this.t0 = ctx.currentTime + 0.05;
    const loopEnd = this.store.getState().loop?.endUs ?? null;
    if (!this.schedule) return;
    const schedule = this.schedule;
    this.running = schedule(ctx, clips, buffers, {
      when: this.t0,
      fromUs: from,
      toUs: loopEnd,
      destination: ctx.destination,
    });
    this.playing = true;
    this.emit();
    const end = Math.max(...clips.map((c) => c.start + c.duration), from);
    const tick = () => {
      if (!this.playing) return;
      const us = this.positionUs();
      const loop = this.store.getState().loop;
      const queued = this.queued;
      if (queued && (!loop || queued.startUs !== loop.startUs || queued.endUs !== loop.endUs)) {
        // The loop changed under the queued pass: drop it; the pass below restarts if needed.
        queued.running.stop();
        this.queued = null;
      }
      if (loop && us >= loop.endUs) {
        if (this.queued) {
          // The next pass was scheduled to start on the very sample this one ends: no gap.
          this.running = this.queued.running;
          this.t0 = this.queued.t0;
          this.fromUs = loop.startUs;
          this.queued = null;
        } else {
          this.running?.stop();
          this.start(ctx, clips, buffers, loop.startUs);
          return;
        }
      } else if (loop && !this.queued && us < loop.endUs) {
        // A quarter second ahead of the loop end, schedule the next pass to begin exactly there.
        const endsAt = this.t0 + (loop.endUs - this.fromUs) / 1e6;
        if (ctx.currentTime >= endsAt - LOOP_LOOKAHEAD_SEC) {
          this.queued = {
            running: schedule(ctx, clips, buffers, {
              when: endsAt,
              fromUs: loop.startUs,
              toUs: loop.endUs,
              destination: ctx.destination,
            }),
            t0: endsAt,
            startUs: loop.startUs,
            endUs: loop.endUs,
          };
        }
      }
      if (!loop && us >= end + 200_000) {
        this.pause();
        return;
      }
      for (const f of this.frames) f(us);
      this.raf = requestAnimationFrame(tick);
    };
    this.raf = requestAnimationFrame(tick);
  }

  pause() {
    if (!this.playing) return;
    const us = Math.round(this.positionUs());
    this.running?.stop();
    this.running = null;
    this.queued?.running.stop();
    this.queued = null;
    this.playing = false;
    cancelAnimationFrame(this.raf);
    this.store.getState().seek(us);
    for (const f of this.frames) f(us);
    this.emit();
  }

  toggle() {
    if (this.playing) this.pause();
    else void this.play();
  }

  /** Seeking while playing restarts the schedule from the new point. */
  seek(us: number) {
    const wasPlaying = this.playing;
    if (wasPlaying) this.pause();
    this.store.getState().seek(Math.max(0, Math.round(us)));
    for (const f of this.frames) f(Math.max(0, us));
    if (wasPlaying) void this.play();
  }

  dispose() {
    this.pause();
    void this.ctx?.close();
    this.ctx = null;
  }
}
