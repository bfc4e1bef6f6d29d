// The preview player's loop without a browser: a fake AudioContext whose clock the test moves, a
// hand-stepped requestAnimationFrame, and the scheduler recorded. A loop's next pass must be
// scheduled before the current pass ends and start on the very time it ends (no gap), again and
// again; a loop changed mid-play drops the queued pass; pause stops what plays and what is queued.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { addClip, emptyTimeline } from "@/lib/studio/model";
import { Player } from "./playback";
import { createStudioStore } from "./store";

type Call = { when: number; fromUs: number; toUs: number | null | undefined; stopped: boolean };
const calls: Call[] = [];
vi.mock("@/lib/studio/schedule", () => ({
  scheduleClips: (
    _ctx: unknown,
    _clips: unknown,
    _buffers: unknown,
    o: { when: number; fromUs: number; toUs?: number | null },
  ) => {
    const call: Call = { when: o.when, fromUs: o.fromUs, toUs: o.toUs, stopped: false };
    calls.push(call);
    return {
      stop: () => {
        call.stopped = true;
      },
    };
  },
}));

class FakeContext {
  static now = 0;
  state = "running";
  sampleRate = 48_000;
  destination = {};
  onstatechange: (() => void) | null = null;
  get currentTime() {
    return FakeContext.now;
  }
  resume() {
    return Promise.resolve();
  }
  decodeAudioData() {
    return Promise.resolve({ duration: 10 });
  }
  close() {
    return Promise.resolve();
  }
}

let frames: FrameRequestCallback[] = [];
/** Moves the audio clock to `t` seconds in 1/60 s steps, running the animation frames due. */
function runTo(t: number) {
  while (FakeContext.now < t - 1e-9) {
    FakeContext.now = Math.min(t, FakeContext.now + 1 / 60);
    const due = frames;
    frames = [];
    for (const f of due) f(FakeContext.now * 1000);
  }
}

const S = 1_000_000;

beforeEach(() => {
  calls.length = 0;
  frames = [];
  FakeContext.now = 0;
  vi.stubGlobal("AudioContext", FakeContext);
  vi.stubGlobal("requestAnimationFrame", (f: FrameRequestCallback) => frames.push(f));
  vi.stubGlobal("cancelAnimationFrame", () => {
    frames = [];
  });
  vi.stubGlobal("fetch", () => Promise.resolve({ ok: true, arrayBuffer: () => Promise.resolve(new ArrayBuffer(8)) }));
});
afterEach(() => vi.unstubAllGlobals());

function player() {
  const base = emptyTimeline();
  const { timeline } = addClip(base, {
    media: "upload:a",
    info: { name: "a.wav", durationUs: 10 * S },
    trackId: base.tracks[0].id,
    start: 0,
    duration: 8 * S,
  });
  const store = createStudioStore(timeline);
  return { store, player: new Player(store, () => Promise.resolve("/a.wav")) };
}

describe("preview loop", () => {
  it("schedules each next pass ahead, starting exactly where the last one ends", async () => {
    const { store, player: p } = player();
    store.getState().setLoop({ startUs: 1 * S, endUs: 3 * S });
    await p.play();
    expect(calls).toHaveLength(1);
    const first = calls[0];
    expect(first).toMatchObject({ fromUs: 1 * S, toUs: 3 * S });
    // Two seconds of loop: the next pass is queued before the first ends, to start when it ends.
    runTo(first.when + 1.9);
    expect(calls).toHaveLength(2);
    expect(calls[1].fromUs).toBe(1 * S);
    expect(calls[1].when).toBeCloseTo(first.when + 2, 9);
    expect(first.stopped).toBe(false);
    // Past the end the position wraps to the loop start and follows the queued pass's clock.
    runTo(first.when + 2.5);
    expect(p.positionUs()).toBeGreaterThan(1.4 * S);
    expect(p.positionUs()).toBeLessThan(1.6 * S);
    runTo(first.when + 3.9);
    expect(calls).toHaveLength(3);
    expect(calls[2].when).toBeCloseTo(first.when + 4, 9);
    // Pause stops the pass playing and the one queued; the first had run to its end by itself.
    p.pause();
    expect(calls.map((c) => c.stopped)).toEqual([false, true, true]);
  });

  it("drops a queued pass when the loop changes under it", async () => {
    const { store, player: p } = player();
    store.getState().setLoop({ startUs: 1 * S, endUs: 3 * S });
    await p.play();
    runTo(calls[0].when + 1.9);
    expect(calls).toHaveLength(2);
    store.getState().setLoop({ startUs: 0, endUs: 5 * S });
    runTo(calls[0].when + 1.95);
    expect(calls[1].stopped).toBe(true);
    p.pause();
  });
});
