// The seed document's own examples (specs/add-audios-api.md) against Mixdesk: its three curl
// requests, its JavaScript snippets and AudioManager, and its Python AudioProcessor, re-expressed
// as the same HTTP calls with the same bodies. Only the base URL, the key and the media host
// (https://example.com → the loopback fixture server) change.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftProblems } from "@/test/helpers/draft-check";
import { segmentsOf, startDraftHarness, type DraftHarness } from "@/test/helpers/drafts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-draft-examples-"));
let h: DraftHarness;

type Result = { draft_url: string; track_id: string; track_ids: string[]; audio_ids: string[]; warnings?: string[] };

/** The document's media host, pointed at the fixtures. */
const ex = (s: string) => s.replaceAll("https://example.com/", `${h.fixtures.baseUrl}/`);

/** The seed's `addAudios(draftUrl, audioConfig)`: POST /v1/add_audios with {draft_url, ...audioConfig}. */
async function addAudios(draftUrl: string, audioConfig: { audio_infos: string }): Promise<Result> {
  const res = await fetch(`${h.server.baseUrl}/v1/add_audios`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${h.key}` },
    body: JSON.stringify({ draft_url: draftUrl, ...audioConfig, audio_infos: ex(audioConfig.audio_infos) }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Result;
}

beforeAll(async () => {
  h = await startDraftHarness(dir);
}, 180_000);

afterAll(async () => {
  await h?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function checked(draftUrl: string) {
  const c = await h.content(draftUrl);
  expect(draftProblems(c.json, { width: 1920, height: 1080 })).toEqual([]);
  return c;
}

describe("the three curl examples", () => {
  it("run in order on one draft", async () => {
    const { draft_url } = await h.createDraft({ width: 1920, height: 1080 });
    // 1. 基本音频添加
    const r1 = await addAudios(draft_url, {
      audio_infos:
        '[{"audio_url":"https://example.com/bgm.mp3","start":0,"end":10000000,"duration":15000000,"volume":0.8}]',
    });
    // 2. 多音频批量添加
    const r2 = await addAudios(draft_url, {
      audio_infos:
        '[{"audio_url":"https://example.com/intro.mp3","start":0,"end":3000000,"duration":5000000,"volume":1.0,"fade_in":500000},{"audio_url":"https://example.com/bgm.mp3","start":3000000,"end":30000000,"duration":35000000,"volume":0.6}]',
    });
    // 3. 带淡入淡出效果的音频
    const r3 = await addAudios(draft_url, {
      audio_infos:
        '[{"audio_url":"https://example.com/outro.mp3","start":25000000,"end":30000000,"duration":8000000,"volume":0.9,"fade_in":1000000,"fade_out":2000000}]',
    });

    for (const r of [r1, r2, r3]) {
      expect(r.draft_url).toBe(draft_url);
      expect(r.track_ids).toEqual([r.track_id]);
      expect(r.warnings).toBeUndefined();
    }
    expect([r1, r2, r3].map((r) => r.audio_ids.length)).toEqual([1, 2, 1]);
    const c = await checked(draft_url);
    expect(c.tracks).toHaveLength(3);
    expect(c.materials.audios).toHaveLength(3); // bgm shared by examples 1 and 2
    expect(c.duration).toBe(30_000_000);
    const byId = new Map(segmentsOf(c).map((s) => [s.id, s]));
    expect(byId.get(r1.audio_ids[0])).toMatchObject({
      volume: 0.8,
      target_timerange: { start: 0, duration: 10_000_000 },
    });
    expect(byId.get(r2.audio_ids[1])).toMatchObject({
      volume: 0.6,
      target_timerange: { start: 3_000_000, duration: 27_000_000 },
    });
    const outro = byId.get(r3.audio_ids[0])!;
    expect(c.materials.audio_fades.find((f) => outro.extra_material_refs.includes(f.id))).toMatchObject({
      fade_in_duration: 1_000_000,
      fade_out_duration: 2_000_000,
    });
  });
});

describe("the JavaScript example (basicAudio, audioSequence, soundEffects)", () => {
  it("adds all three configurations", async () => {
    const { draft_url: draftUrl } = await h.createDraft();
    const basicAudio = {
      audio_infos: JSON.stringify([
        { audio_url: "https://example.com/bgm.mp3", start: 0, end: 10000000, duration: 15000000, volume: 0.8 },
      ]),
    };
    const audioSequence = {
      audio_infos: JSON.stringify([
        {
          audio_url: "https://example.com/intro.mp3",
          start: 0,
          end: 3000000,
          duration: 5000000,
          volume: 1.0,
          fade_in: 500000,
        },
        {
          audio_url: "https://example.com/main-bgm.mp3",
          start: 2000000,
          end: 25000000,
          duration: 30000000,
          volume: 0.6,
        },
        {
          audio_url: "https://example.com/outro.mp3",
          start: 24000000,
          end: 28000000,
          duration: 6000000,
          volume: 0.9,
          fade_out: 1500000,
        },
      ]),
    };
    const soundEffects = {
      audio_infos: JSON.stringify([
        { audio_url: "https://example.com/applause.mp3", start: 5000000, end: 8000000, duration: 4000000, volume: 0.7 },
        {
          audio_url: "https://example.com/transition.mp3",
          start: 12000000,
          end: 13500000,
          duration: 2000000,
          volume: 0.5,
        },
      ]),
    };
    const result1 = await addAudios(draftUrl, basicAudio);
    const result2 = await addAudios(draftUrl, audioSequence);
    const result3 = await addAudios(draftUrl, soundEffects);
    expect(result1.track_ids).toHaveLength(1);
    // intro (0–3 s) overlaps main-bgm (2–25 s), which overlaps outro (24–28 s): two tracks suffice.
    expect(result2.track_ids).toHaveLength(2);
    expect(result3.track_ids).toHaveLength(1);
    const c = await checked(draftUrl);
    expect(segmentsOf(c)).toHaveLength(6);
    expect(c.duration).toBe(28_000_000);
  });
});

// The seed's AudioManager, method for method.
class AudioManager {
  constructor(private baseUrl: string) {}

  async addAudios(draftUrl: string, audioConfig: { audio_infos: string }) {
    expect(this.baseUrl).toBe(h.server.baseUrl);
    return addAudios(draftUrl, audioConfig);
  }

  createBackgroundMusic(audioUrl: string, totalDuration: number, volume = 0.6, loop = false) {
    const audios = [];
    if (loop) {
      let currentTime = 0;
      while (currentTime < totalDuration) {
        audios.push({
          audio_url: audioUrl,
          start: currentTime,
          end: Math.min(currentTime + 30000000, totalDuration),
          duration: 30000000,
          volume,
        });
        currentTime += 30000000;
      }
    } else {
      audios.push({ audio_url: audioUrl, start: 0, end: totalDuration, duration: totalDuration, volume });
    }
    return { audio_infos: JSON.stringify(audios) };
  }

  createAudioSequence(
    audioList: { url: string; playDuration: number; totalDuration: number; volume?: number; fadeOut?: number }[],
    crossFadeDuration = 1000000,
  ) {
    const audios: Record<string, unknown>[] = [];
    let currentTime = 0;
    audioList.forEach((audio, index) => {
      const audioInfo: Record<string, unknown> = {
        audio_url: audio.url,
        start: currentTime,
        end: currentTime + audio.playDuration,
        duration: audio.totalDuration,
        volume: audio.volume || 1.0,
      };
      if (index > 0) {
        audioInfo.fade_in = crossFadeDuration;
        if (audios[index - 1]) audios[index - 1].fade_out = crossFadeDuration;
      }
      if (index === audioList.length - 1) audioInfo.fade_out = audio.fadeOut || crossFadeDuration;
      audios.push(audioInfo);
      currentTime += audio.playDuration - (index > 0 ? crossFadeDuration : 0);
    });
    return { audio_infos: JSON.stringify(audios) };
  }

  createSoundEffects(
    effects: { url: string; startTime: number; duration: number; volume?: number; fadeIn?: number; fadeOut?: number }[],
  ) {
    const audios = effects.map((effect) => ({
      audio_url: effect.url,
      start: effect.startTime,
      end: effect.startTime + effect.duration,
      duration: effect.duration,
      volume: effect.volume || 0.7,
      fade_in: effect.fadeIn || 0,
      fade_out: effect.fadeOut || 0,
    }));
    return { audio_infos: JSON.stringify(audios) };
  }

  createNarration(narrationList: { url: string; startTime: number; duration: number; volume?: number }[]) {
    const audios = narrationList.map((n) => ({
      audio_url: n.url,
      start: n.startTime,
      end: n.startTime + n.duration,
      duration: n.duration,
      volume: n.volume || 0.9,
      fade_in: 200000,
      fade_out: 200000,
    }));
    return { audio_infos: JSON.stringify(audios) };
  }

  async batchProcessAudios(draftUrl: string, audioConfigs: { audio_infos: string }[]) {
    const results = [];
    for (const config of audioConfigs) {
      results.push(await this.addAudios(draftUrl, config));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return results;
  }
}

describe("the AudioManager example", () => {
  it("looping background music, a crossfaded sequence, effects and narration", async () => {
    const { draft_url: draftUrl } = await h.createDraft();
    const audioManager = new AudioManager(h.server.baseUrl);
    const bgm = audioManager.createBackgroundMusic("https://example.com/bgm.mp3", 60000000, 0.6, true);
    const sequence = audioManager.createAudioSequence([
      { url: "https://example.com/intro.mp3", playDuration: 5000000, totalDuration: 5000000, volume: 1.0 },
      { url: "https://example.com/main.mp3", playDuration: 20000000, totalDuration: 25000000, volume: 0.8 },
      {
        url: "https://example.com/outro.mp3",
        playDuration: 3000000,
        totalDuration: 3000000,
        volume: 1.0,
        fadeOut: 2000000,
      },
    ]);
    const effects = audioManager.createSoundEffects([
      { url: "https://example.com/whoosh.mp3", startTime: 10000000, duration: 1500000, volume: 0.5 },
      { url: "https://example.com/ding.mp3", startTime: 25000000, duration: 1000000, volume: 0.8 },
    ]);
    const narration = audioManager.createNarration([
      { url: "https://example.com/voice1.mp3", startTime: 1000000, duration: 3000000 },
      { url: "https://example.com/voice2.mp3", startTime: 6000000, duration: 3000000, volume: 1.0 },
    ]);
    const results = await audioManager.batchProcessAudios(draftUrl, [bgm, sequence, effects, narration]);

    expect(results.map((r) => r.audio_ids.length)).toEqual([2, 3, 2, 2]);
    // The seed's arithmetic only subtracts the crossfade from the second clip on: intro and main
    // touch (one track), outro overlaps main by 1 s (a second track).
    expect(results[1].track_ids).toHaveLength(2);
    expect(results.every((r) => r.track_id === r.track_ids[0])).toBe(true);
    const c = await checked(draftUrl);
    expect(segmentsOf(c)).toHaveLength(9);
    const byId = new Map(segmentsOf(c).map((s) => [s.id, s]));
    const [intro, main, outro] = results[1].audio_ids.map((id) => byId.get(id)!);
    expect([intro, main, outro].map((s) => s.target_timerange)).toEqual([
      { start: 0, duration: 5_000_000 },
      { start: 5_000_000, duration: 20_000_000 },
      { start: 24_000_000, duration: 3_000_000 },
    ]);
    const fadeOf = (s: typeof intro) => c.materials.audio_fades.find((f) => s.extra_material_refs.includes(f.id));
    expect(fadeOf(intro)).toMatchObject({ fade_in_duration: 0, fade_out_duration: 1_000_000 });
    expect(fadeOf(main)).toMatchObject({ fade_in_duration: 1_000_000, fade_out_duration: 1_000_000 });
    expect(fadeOf(outro)).toMatchObject({ fade_in_duration: 1_000_000, fade_out_duration: 2_000_000 });
    expect(c.duration).toBe(60_000_000);
  });
});

// The seed's Python AudioProcessor, in TypeScript, same requests.
class AudioProcessor {
  constructor(private baseUrl: string) {}

  addAudios(draftUrl: string, audioConfig: { audio_infos: string }) {
    expect(this.baseUrl).toBe(h.server.baseUrl);
    return addAudios(draftUrl, audioConfig);
  }

  createBackgroundMusic(audioUrl: string, totalDuration: number, volume = 0.6, loop = false) {
    const audios = [];
    if (loop) {
      let currentTime = 0;
      const audioDuration = 30000000;
      while (currentTime < totalDuration) {
        const endTime = Math.min(currentTime + audioDuration, totalDuration);
        audios.push({ audio_url: audioUrl, start: currentTime, end: endTime, duration: audioDuration, volume });
        currentTime += audioDuration;
      }
    } else {
      audios.push({ audio_url: audioUrl, start: 0, end: totalDuration, duration: totalDuration, volume });
    }
    return { audio_infos: JSON.stringify(audios) };
  }

  createAudioSequence(
    audioList: { url: string; play_duration: number; total_duration: number; volume?: number; fade_out?: number }[],
    crossFadeDuration = 1000000,
  ) {
    const audios: Record<string, unknown>[] = [];
    let currentTime = 0;
    audioList.forEach((audio, i) => {
      const info: Record<string, unknown> = {
        audio_url: audio.url,
        start: currentTime,
        end: currentTime + audio.play_duration,
        duration: audio.total_duration,
        volume: audio.volume ?? 1.0,
      };
      if (i > 0) {
        info.fade_in = crossFadeDuration;
        if (audios.length) audios[audios.length - 1].fade_out = crossFadeDuration;
      }
      if (i === audioList.length - 1) info.fade_out = audio.fade_out ?? crossFadeDuration;
      audios.push(info);
      currentTime += audio.play_duration - (i > 0 ? crossFadeDuration : 0);
    });
    return { audio_infos: JSON.stringify(audios) };
  }

  createSoundEffects(
    effects: {
      url: string;
      start_time: number;
      duration: number;
      volume?: number;
      fade_in?: number;
      fade_out?: number;
    }[],
  ) {
    return {
      audio_infos: JSON.stringify(
        effects.map((e) => ({
          audio_url: e.url,
          start: e.start_time,
          end: e.start_time + e.duration,
          duration: e.duration,
          volume: e.volume ?? 0.7,
          fade_in: e.fade_in ?? 0,
          fade_out: e.fade_out ?? 0,
        })),
      ),
    };
  }
}

describe("the Python AudioProcessor example", () => {
  it("adds background music, a sequence and an effect; every result has a track_id", async () => {
    const { draft_url } = await h.createDraft();
    const processor = new AudioProcessor(h.server.baseUrl);
    const bgmConfig = processor.createBackgroundMusic("https://example.com/bgm.mp3", 60000000, 0.6, true);
    const sequenceConfig = processor.createAudioSequence([
      { url: "https://example.com/intro.mp3", play_duration: 5000000, total_duration: 5000000, volume: 1.0 },
      { url: "https://example.com/main.mp3", play_duration: 20000000, total_duration: 25000000, volume: 0.8 },
    ]);
    const effectsConfig = processor.createSoundEffects([
      { url: "https://example.com/whoosh.mp3", start_time: 10000000, duration: 1500000, volume: 0.5 },
    ]);
    const results = [];
    for (const config of [bgmConfig, sequenceConfig, effectsConfig]) {
      const result = await processor.addAudios(draft_url, config);
      results.push(result);
      expect(result.track_id).toMatch(/^[0-9A-F-]{36}$/);
    }
    // intro 0–5 s and main 5–25 s touch, so the sequence fits one track.
    expect(results.map((r) => r.track_ids.length)).toEqual([1, 1, 1]);
    const c = await checked(draft_url);
    expect(segmentsOf(c)).toHaveLength(5);
    expect(c.materials.audios).toHaveLength(4);
  });
});
