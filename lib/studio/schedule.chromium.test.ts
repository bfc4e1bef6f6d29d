// scheduleClips in a real browser: Debian's Chromium renders a timeline through renderOffline
// (OfflineAudioContext), and the result is compared with the model's definition of the mix (each
// clip's source from its in-point × volume × linear fades, summed) computed here in Node. They
// must agree far below the −40 dB the preview/export rule allows, from the start and from a
// position mid-fade. Mono sources are up-mixed to both channels at unity (Web Audio's "speakers"
// rule), which the server export must match.
import fs from "node:fs/promises";
import path from "node:path";
import { type Browser, chromium } from "@playwright/test";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gainAt } from "./schedule";
import type { AudibleClip } from "./types";

const S = 1_000_000;
const RATE = 48000;

const clips: AudibleClip[] = [
  {
    id: "a",
    media: "upload:noise",
    start: 100_000,
    sourceStart: 250_000,
    duration: 2_000_000,
    volume: 0.7,
    fadeIn: 400_000,
    fadeOut: 600_000,
    trackIndex: 0,
  },
  {
    id: "b",
    media: "upload:sine",
    start: 1_234_567,
    sourceStart: 1_000_003,
    duration: 1_500_000,
    volume: 0.9,
    fadeIn: 0,
    fadeOut: 1_500_000,
    trackIndex: 1,
  },
  {
    id: "c",
    media: "upload:noise",
    start: 2_100_000,
    sourceStart: 0,
    duration: 800_000,
    volume: 1,
    fadeIn: 800_000,
    fadeOut: 0,
    trackIndex: 0,
  },
];

/** The same deterministic sources in Node and in the page (the function is serialized into it). */
function makeSources(rate: number): Record<string, number[]> {
  let seed = 1;
  const noise: number[] = [];
  const sine: number[] = [];
  for (let i = 0; i < rate * 5; i++) {
    seed = (seed * 16807) % 2147483647;
    noise.push(((seed / 2147483647) * 2 - 1) * 0.5);
    sine.push(0.4 * Math.sin((2 * Math.PI * 330 * i) / rate));
  }
  return { "upload:noise": noise, "upload:sine": sine };
}

/** The mix as the model defines it, from timeline position `fromUs`, one frame per sample. */
function expectedMix(sources: Record<string, number[]>, frames: number, fromUs: number): Float64Array {
  const out = new Float64Array(frames);
  const fromFrame = Math.round((fromUs * RATE) / S);
  for (const c of clips) {
    const startF = Math.round((c.start * RATE) / S);
    const n = Math.round((c.duration * RATE) / S);
    const srcF = Math.round((c.sourceStart * RATE) / S);
    for (let k = Math.max(0, fromFrame - startF); k < n; k++) {
      const i = startF + k - fromFrame;
      if (i >= frames) break;
      out[i] += sources[c.media][srcF + k] * gainAt(c, (k / RATE) * S);
    }
  }
  return out;
}

let browser: Browser;
let scheduleJs: string;

beforeAll(async () => {
  // schedule.ts imports types only, so a plain transpile is the whole bundle.
  const source = await fs.readFile(path.join(import.meta.dirname, "schedule.ts"), "utf8");
  const cjs = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  scheduleJs = `(() => { const exports = {}; ${cjs}; window.StudioSchedule = exports; })();`;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
});

afterAll(async () => {
  await browser?.close();
});

async function renderInChromium(fromUs: number) {
  const page = await browser.newPage();
  try {
    await page.addScriptTag({ content: scheduleJs });
    return await page.evaluate(
      async ({ clips, rate, fromUs, makeSourcesSrc }) => {
        // biome-ignore lint/security/noGlobalEval: rebuilds the test's own source generator in the page.
        const make = (0, eval)(`(${makeSourcesSrc})`) as (r: number) => Record<string, number[]>;
        const sources = make(rate);
        const buffers = new Map<string, AudioBuffer>();
        for (const [ref, data] of Object.entries(sources)) {
          const b = new AudioBuffer({ length: data.length, sampleRate: rate, numberOfChannels: 1 });
          b.copyToChannel(Float32Array.from(data), 0);
          buffers.set(ref, b);
        }
        const lib = (window as unknown as { StudioSchedule: typeof import("./schedule") }).StudioSchedule;
        const end = Math.max(...clips.map((c) => c.start + c.duration));
        const ctx = new OfflineAudioContext({
          numberOfChannels: 2,
          length: Math.ceil(((end - fromUs) * rate) / 1e6),
          sampleRate: rate,
        });
        lib.scheduleClips(ctx, clips, buffers as Map<never, AudioBuffer>, { when: 0, fromUs });
        const out = await ctx.startRendering();
        const whole =
          fromUs === 0
            ? await lib.renderOffline(clips, buffers as Map<never, AudioBuffer>, { sampleRate: rate, channels: 2 })
            : null;
        // Float32 bytes as base64: far cheaper to carry out of the page than a JSON number array.
        const b64 = (f: Float32Array) => {
          const bytes = new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
          let bin = "";
          for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          return btoa(bin);
        };
        return {
          left: b64(out.getChannelData(0)),
          right: b64(out.getChannelData(1)),
          renderOfflineLength: whole?.length ?? null,
        };
      },
      { clips, rate: RATE, fromUs, makeSourcesSrc: makeSources.toString() },
    );
  } finally {
    await page.close();
  }
}

const floats = (b64: string) => {
  const buf = Buffer.from(b64, "base64");
  return Array.from(new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4));
};

function relativeDb(actual: number[], expected: Float64Array): number {
  let err = 0;
  let sig = 0;
  for (let i = 0; i < expected.length; i++) {
    err += (actual[i] - expected[i]) ** 2;
    sig += expected[i] ** 2;
  }
  return 10 * Math.log10(err / sig);
}

describe("scheduleClips in Chromium", () => {
  const sources = makeSources(RATE);

  it("renders exactly volume × linear fades of each source at its position (both channels)", async () => {
    const r = await renderInChromium(0);
    const left = floats(r.left);
    const right = floats(r.right);
    expect(r.renderOfflineLength).toBe(Math.ceil((2_900_000 * RATE) / S));
    const expected = expectedMix(sources, left.length, 0);
    expect(relativeDb(left, expected)).toBeLessThan(-90);
    expect(relativeDb(right, expected)).toBeLessThan(-90);
  }, 60_000);

  it("started mid-fade, continues the same curve from there", async () => {
    const fromUs = 1_900_000; // inside clip a's fade-out and clip b
    const left = floats((await renderInChromium(fromUs)).left);
    expect(relativeDb(left, expectedMix(sources, left.length, fromUs))).toBeLessThan(-90);
  }, 60_000);
});
