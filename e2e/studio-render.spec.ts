// Preview and export agree: one timeline (two audible tracks overlapping, a left-trimmed clip,
// fades, volumes, a mono and a stereo source, a muted track) rendered in Chromium by the shared
// Web Audio scheduler (lib/studio/schedule.ts, bundled with esbuild, in an OfflineAudioContext)
// and by the server's ffmpeg export differ by less than −40 dB relative RMS. The sources are WAV
// at the export's rate (48 kHz), so neither side resamples.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSync } from "esbuild";
import { audibleClips } from "../lib/studio/model";
import type { MediaRef, StudioTimeline } from "../lib/studio/types";
import { expect, statePath, test } from "./fixtures";
import { newPage } from "./helpers";

const RATE = 48_000;

function wav(dir: string, name: string, lavfi: string, channels: number): string {
  const file = path.join(dir, name);
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    lavfi,
    "-ac",
    String(channels),
    "-ar",
    String(RATE),
    "-c:a",
    "pcm_s16le",
    file,
  ]);
  return file;
}

/** lib/studio/schedule.ts as a script that defines `window.StudioSchedule`. */
function schedulerBundle(): string {
  const out = buildSync({
    entryPoints: [path.resolve("lib/studio/schedule.ts")],
    bundle: true,
    format: "iife",
    globalName: "StudioSchedule",
    platform: "browser",
    target: "chrome120",
    write: false,
  });
  return out.outputFiles[0].text;
}

test("the Web Audio render and the server export of one timeline differ by < −40 dB", async ({ browser }) => {
  test.setTimeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mixdesk-studio-render-"));
  // The app's CSP (nonce + strict-dynamic) would refuse an injected script: this test injects one.
  const { context, page } = await newPage(browser, { storageState: statePath("admin"), bypassCSP: true });
  try {
    const voice = wav(
      dir,
      "check-tone.wav",
      `aevalsrc=exprs=0.3*sin(2*PI*440*t)+0.2*sin(2*PI*1234.5*t)*sin(2*PI*3*t):s=${RATE}:d=3`,
      1,
    );
    const pad = wav(
      dir,
      "check-chord.wav",
      `aevalsrc=exprs=0.4*sin(2*PI*330*t)|0.4*sin(2*PI*495*t+1):s=${RATE}:d=3`,
      2,
    );
    await page.goto("/dashboard");

    const refs: Record<string, MediaRef> = {};
    const durations: Record<string, number> = {};
    for (const [key, file] of Object.entries({ voice, pad })) {
      const up = await page.request.post("/api/uploads", {
        multipart: { file: { name: path.basename(file), mimeType: "audio/wav", buffer: fs.readFileSync(file) } },
      });
      expect(up.status()).toBe(201);
      const ref = `upload:${(await up.json()).id}` as MediaRef;
      const item = await page.request.get(`/api/library/item?ref=${encodeURIComponent(ref)}`);
      expect(item.ok()).toBe(true);
      refs[key] = ref;
      durations[key] = (await item.json()).durationUs;
      expect(durations[key]).toBe(3_000_000);
    }

    // Every edge on a whole millisecond (48 frames), as the editor's frame snapping would leave it.
    const timeline: StudioTimeline = {
      schemaVersion: 1,
      tracks: [
        { id: "t1", name: "Voice", muted: false, solo: false },
        { id: "t2", name: "Pad", muted: false, solo: false },
        { id: "t3", name: "Muted", muted: true, solo: false },
      ],
      clips: [
        {
          id: "a",
          trackId: "t1",
          media: refs.voice,
          start: 0,
          sourceStart: 500_000,
          duration: 1_500_000,
          volume: 0.9,
          fadeIn: 200_000,
          fadeOut: 300_000,
        },
        {
          id: "b",
          trackId: "t2",
          media: refs.pad,
          start: 1_000_000,
          sourceStart: 0,
          duration: 2_000_000,
          volume: 0.6,
          fadeIn: 500_000,
          fadeOut: 0,
        },
        {
          id: "c",
          trackId: "t1",
          media: refs.voice,
          start: 2_000_000,
          sourceStart: 0,
          duration: 1_000_000,
          volume: 1,
          fadeIn: 0,
          fadeOut: 1_000_000,
        },
        {
          id: "d",
          trackId: "t3",
          media: refs.pad,
          start: 0,
          sourceStart: 0,
          duration: 3_000_000,
          volume: 1,
          fadeIn: 0,
          fadeOut: 0,
        },
      ],
      media: {
        [refs.voice]: { name: "check-tone.wav", durationUs: durations.voice },
        [refs.pad]: { name: "check-chord.wav", durationUs: durations.pad },
      },
    };
    const created = await page.request.post("/api/studio/projects", { data: { name: "Render check", timeline } });
    expect(created.status()).toBe(201);
    const project = (await created.json()) as { id: string; timeline: StudioTimeline };
    // What both sides play: the saved (server-normalized) timeline's audible clips.
    const clips = audibleClips(project.timeline);
    expect(clips.map((c) => c.id).sort()).toEqual(["a", "b", "c"]);

    const exp = await page.request.post(`/api/studio/projects/${project.id}/export`, { data: { format: "wav" } });
    expect(exp.status()).toBe(202);
    const { orderNo } = (await exp.json()) as { orderNo: string };
    let order: { status: string; progress: number; stuffs: { name: string; url: string }[] } | undefined;
    await expect
      .poll(
        async () => {
          order = await (await page.request.get(`/api/orders/${orderNo}`)).json();
          return order?.status;
        },
        { timeout: 60_000, intervals: [250, 500, 1000] },
      )
      .toBe("finish");
    expect(order?.progress).toBe(1);
    expect(order?.stuffs.map((s) => s.name)).toEqual(["Render check.wav"]);
    const exportPath = new URL(order!.stuffs[0].url).pathname + new URL(order!.stuffs[0].url).search;

    // Media URLs as the editor gets them: from the library.
    const lib = (await (await page.request.get("/api/library?kind=upload")).json()) as {
      items: { ref: string; url: string }[];
    };
    const urls = Object.fromEntries(lib.items.map((i) => [i.ref, i.url]));
    const media = Object.values(refs).map((ref) => ({ ref, url: urls[ref] }));
    expect(media.every((m) => m.url)).toBe(true);

    await page.addScriptTag({ content: schedulerBundle() });
    const result = await page.evaluate(
      async ({ clips, media, exportPath, rate }) => {
        type Schedule = typeof import("../lib/studio/schedule");
        const S = (window as unknown as { StudioSchedule: Schedule }).StudioSchedule;
        const decoder = new OfflineAudioContext(2, 1, rate);
        const decode = async (url: string) =>
          decoder.decodeAudioData(await (await fetch(url, { credentials: "same-origin" })).arrayBuffer());
        const buffers = new Map<string, AudioBuffer>();
        for (const m of media) buffers.set(m.ref, await decode(m.url));
        const preview = await S.renderOffline(clips, buffers as never, { sampleRate: rate, channels: 2 });
        const exported = await decode(exportPath);
        let diff = 0;
        let ref = 0;
        const n = Math.min(preview.length, exported.length);
        for (let ch = 0; ch < 2; ch++) {
          const a = preview.getChannelData(ch);
          const b = exported.getChannelData(ch);
          for (let i = 0; i < n; i++) {
            diff += (a[i] - b[i]) ** 2;
            ref += a[i] ** 2;
          }
        }
        return {
          previewLength: preview.length,
          exportLength: exported.length,
          exportRate: exported.sampleRate,
          refRms: Math.sqrt(ref / (2 * n)),
          db: 10 * Math.log10(diff / ref),
        };
      },
      { clips, media, exportPath, rate: RATE },
    );
    console.log(
      `studio render: preview ${result.previewLength} frames, export ${result.exportLength} frames, relative RMS of the difference ${result.db.toFixed(1)} dB`,
    );
    expect(result.exportRate).toBe(RATE);
    expect(result.exportLength).toBe(result.previewLength);
    expect(result.previewLength).toBe(3 * RATE);
    expect(result.refRms).toBeGreaterThan(0.05);
    expect(result.db).toBeLessThan(-40);
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
