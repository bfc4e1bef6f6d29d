// ONNX models as an order engine: installing from a catalogue over a loopback "release" server
// (hash verified, SSRF-safe fetcher), the CLI, the admin's choice per order type, and the engine
// recorded on the order that it served. Real database, ffmpeg, onnxruntime and job runner.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { grant } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { CATALOGUE, type Catalogue, listModels, modelsDir, uvrHash } from "@/lib/engines/onnx-separation/models";
import { buildMaskModel } from "@/lib/engines/onnx-separation/test-models";
import { engineDefaults, getEnginesView, removeInstalledModel, updateEngineDefaults } from "@/lib/engines/settings";
import { installModel } from "@/lib/engines/onnx-separation/models";
import { startRunner } from "@/lib/jobs/embedded";
import { runnerOptionsFromEnv } from "@/lib/jobs/runner";
import { decodeToFloat32, encodeFromFloat32 } from "@/lib/media/ffmpeg";
import { createOrder, orderDetail } from "@/lib/orders/service";
import { materialise } from "@/lib/storage/store";
import { signUp } from "@/lib/users/service";
import { type FixtureServer, serveFixtures } from "@/test/helpers/media";
import { stubScaledModes } from "@/test/helpers/scaled";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-onnx-engine-"));
const release = path.join(dir, "release");
let server: FixtureServer;
let modelHash: string;
// The test model stands in for a public release: identity over the whole band (n_fft 4096, 32 frames).
const UVR_ENTRY = {
  compensate: 1,
  mdx_dim_f_set: 2049,
  mdx_dim_t_set: 5,
  mdx_n_fft_scale_set: 4096,
  primary_stem: "Vocals",
};

let unstubModes: () => Promise<void> = async () => {};
beforeAll(async () => {
  unstubModes = await stubScaledModes();
  vi.stubEnv("DATA_DIR", path.join(dir, "data"));
  vi.stubEnv("MODELS_DIR", path.join(dir, "models"));
  vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
  fs.mkdirSync(release, { recursive: true });
  const model = buildMaskModel({ dimF: 2049, dimT: 32 });
  fs.writeFileSync(path.join(release, "Test_Identity.onnx"), model);
  // A catalogue name whose file on the server is not the published model.
  fs.writeFileSync(path.join(release, "Kim_Vocal_2.onnx"), model);
  modelHash = await uvrHash(path.join(release, "Test_Identity.onnx"));
  server = await serveFixtures(release);
  // Tones only: MDX-Net framing zeroes the lowest three STFT bins (< 32 Hz here), where noise would
  // have energy of its own.
  const n = 6 * 44100;
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / 44100;
    left[i] = 0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.1 * Math.sin(2 * Math.PI * 3000 * t);
    right[i] = 0.25 * Math.sin(2 * Math.PI * 330 * t) + 0.1 * Math.sin(2 * Math.PI * 1250 * t);
  }
  await encodeFromFloat32({ left, right, sampleRate: 44100 }, path.join(release, "song.wav"), { format: "wav" });
});
afterAll(async () => {
  await unstubModes();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const testCatalogue = (): Catalogue => ({
  downloadBase: `${server.baseUrl}/`,
  downloads: [{ name: "Test_Identity", label: "Test identity", file: "Test_Identity.onnx" }],
  parameters: { [modelHash]: UVR_ENTRY },
});

describe("installing models", () => {
  it("downloads a catalogue model, checks its hash and layout, registers it with a sidecar", async () => {
    const m = await installModel("Test_Identity", { catalogue: testCatalogue() });
    expect(m).toMatchObject({ name: "Test_Identity", error: null, paramsSource: "sidecar", hash: modelHash });
    expect(m.engine).toBe(`onnx:Test_Identity@${modelHash.slice(0, 8)}`);
    const side = JSON.parse(fs.readFileSync(path.join(modelsDir(), "Test_Identity.json"), "utf8"));
    expect(side).toMatchObject({ ...UVR_ENTRY, source: `${server.baseUrl}/Test_Identity.onnx`, hash: modelHash });
    await expect(installModel("Test_Identity", { catalogue: testCatalogue() })).rejects.toMatchObject({
      kind: "conflict",
    });
    expect((await listModels()).map((x) => x.name)).toEqual(["Test_Identity"]);
  });

  it("a download whose hash is no known model is refused and leaves nothing behind", async () => {
    vi.stubEnv("MODELS_DOWNLOAD_BASE", `${server.baseUrl}/`);
    try {
      await expect(installModel("Kim_Vocal_2")).rejects.toThrow(/hash [0-9a-f]{32}\) is not a known MDX-Net model/);
    } finally {
      vi.stubEnv("MODELS_DOWNLOAD_BASE", "");
    }
    expect(fs.readdirSync(modelsDir()).sort()).toEqual(["Test_Identity.json", "Test_Identity.onnx"]);
    await expect(installModel("No_Such_Model")).rejects.toMatchObject({ kind: "not_found" });
  });

  it("the download goes through the SSRF-safe fetcher: loopback is refused unless allowed", async () => {
    vi.stubEnv("FETCH_ALLOW_HOSTS", "");
    try {
      const cat = testCatalogue();
      cat.downloads[0] = { ...cat.downloads[0], name: "Other", file: "Test_Identity.onnx" };
      fs.renameSync(path.join(modelsDir(), "Test_Identity.onnx"), path.join(dir, "moved.onnx"));
      await expect(installModel("Other", { catalogue: cat })).rejects.toMatchObject({ reason: "blocked_address" });
      fs.renameSync(path.join(dir, "moved.onnx"), path.join(modelsDir(), "Test_Identity.onnx"));
    } finally {
      vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
    }
  });

  it("npm run models -- list / install: the CLI reports the installed model and refuses an unverified download", async () => {
    // The child inherits the stubbed environment (MODELS_DIR, FETCH_ALLOW_HOSTS and this one).
    vi.stubEnv("MODELS_DOWNLOAD_BASE", `${server.baseUrl}/`);
    const run = (args: string[]) =>
      promisify(execFile)("npx", ["tsx", "--conditions=react-server", "scripts/models.ts", ...args]).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
      );
    const list = await run(["list"]);
    expect(list.code).toBe(0);
    expect(list.out).toContain(`✓ Test_Identity\tonnx:Test_Identity@${modelHash.slice(0, 8)}\tvocals, n_fft 4096`);
    const bad = await run(["install", "Kim_Vocal_2"]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/error: The downloaded file \(hash [0-9a-f]{32}\) is not a known MDX-Net model/);
    vi.stubEnv("MODELS_DOWNLOAD_BASE", "");
    expect(CATALOGUE.downloads.some((d) => d.name === "UVR-MDX-NET-Inst_HQ_3")).toBe(true);
  });
});

async function actor() {
  const user = await signUp({
    email: `onnx-${randomUUID().slice(0, 6)}@example.com`,
    name: "O",
    password: "a long password 1",
  });
  const teamId = (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
  await grant({ userId: user.id, amount: 10_000, idempotencyKey: `seed:${user.id}` });
  return { userId: user.id, teamId };
}

async function runOrder(a: { userId: string; teamId: string }, orderType: "track-separation" | "extract-voice") {
  const { orderNo } = await createOrder(a, { orderType, stuff: { pathKey: `${server.baseUrl}/song.wav` } });
  // The scaled stage runs it on a BullMQ QueueWorker (test/helpers/scaled.ts), else the polling runner.
  const runner = startRunner({ ...runnerOptionsFromEnv({}), pollMs: 100, maxAttempts: 1 });
  try {
    const end = Date.now() + 90_000;
    for (;;) {
      const o = await db.order.findUniqueOrThrow({ where: { orderNo } });
      if (o.status === "finish" || o.status === "failed") break;
      if (Date.now() > end) throw new Error(`order stuck in ${o.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await runner.stop();
  }
  return orderDetail(a, orderNo);
}

describe("the engine per order type", () => {
  it("an order runs on the admin's model and records it; back on dsp it records dsp-v2", async () => {
    const a = await actor();
    expect(await engineDefaults()).toEqual({
      "track-separation": "dsp",
      "extract-voice": "dsp",
      "extract-music": "dsp",
    });
    await expect(updateEngineDefaults(a.userId, { "track-separation": "onnx:Nope" })).rejects.toMatchObject({
      kind: "bad_request",
    });
    const view = await updateEngineDefaults(a.userId, { "track-separation": "onnx:Test_Identity" });
    expect(view.defaults["track-separation"]).toBe("onnx:Test_Identity");

    const onnx = await runOrder(a, "track-separation");
    expect(onnx.status).toBe("finish");
    expect(onnx.engine).toBe(`onnx:Test_Identity@${modelHash.slice(0, 8)}`);
    // Identity model: the vocals stem carries the mixture's level, the accompaniment is near silence
    // (mp3 keeps levels, not noise waveforms, so levels are compared).
    const files = await db.orderFile.findMany({ where: { order: { orderNo: onnx.orderNo } } });
    const stem = async (b: string) => decodeToFloat32(await materialise(files.find((f) => f.business === b)!.path));
    const [mix, v, acc] = await Promise.all([
      decodeToFloat32(path.join(release, "song.wav")),
      stem("vocals"),
      stem("accompaniment"),
    ]);
    const db10 = (x: Float32Array) => 10 * Math.log10(x.reduce((s, y) => s + y * y, 0) / x.length);
    expect(Math.abs(db10(v.left) - db10(mix.left))).toBeLessThan(0.5);
    expect(db10(acc.left) - db10(mix.left)).toBeLessThan(-30);

    const voice = await runOrder(a, "extract-voice");
    expect(voice.engine).toBe("dsp-v2");
  });

  it("removing the chosen model puts its order types back on dsp", async () => {
    const a = await actor();
    await removeInstalledModel(a.userId, "Test_Identity");
    const view = await getEnginesView();
    expect(view.defaults["track-separation"]).toBe("dsp");
    expect(view.models).toEqual([]);
    expect(view.available.some((x) => x.name === "Kim_Vocal_2")).toBe(true);
  });
});
