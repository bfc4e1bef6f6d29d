// The ONNX (MDX-Net) engine end to end on real onnxruntime: models generated here with exactly
// MDX-Net's I/O layout (identity, or a fixed low-pass mask) prove the STFT framing, chunking,
// overlap-add, compensation and stem assembly numerically; broken or incompatible files give a
// clear error without taking the process down.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { decodeToFloat32, encodeFromFloat32, type StereoPcm } from "@/lib/media/ffmpeg";
import { CATALOGUE, findModel, listModels, type ModelParams, paramsFromUvr, uvrHash } from "./models";
import { runModelWorker, separateWithModel } from "./separate";
import { buildMaskModel, lowPassMask } from "./test-models";

const SR = 44100;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-onnx-"));
const modelsDir = path.join(dir, "models");

beforeAll(() => {
  vi.stubEnv("DATA_DIR", path.join(dir, "data"));
  vi.stubEnv("MODELS_DIR", modelsDir);
  fs.mkdirSync(modelsDir, { recursive: true });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Sum of sines (Hz, amplitude) per channel, with a slow fade so it is no steady state. */
function tones(seconds: number, left: [number, number][], right: [number, number][]): StereoPcm {
  const n = Math.round(seconds * SR);
  const l = new Float32Array(n);
  const r = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / SR;
    const env = 0.6 + 0.4 * Math.sin(2 * Math.PI * 0.7 * t);
    for (const [f, a] of left) l[i] += a * env * Math.sin(2 * Math.PI * f * t);
    for (const [f, a] of right) r[i] += a * env * Math.sin(2 * Math.PI * f * t + 0.3);
  }
  return { left: l, right: r, sampleRate: SR };
}

const add = (a: StereoPcm, b: StereoPcm, gb = 1): StereoPcm => ({
  left: a.left.map((v, i) => v + gb * b.left[i]),
  right: a.right.map((v, i) => v + gb * b.right[i]),
  sampleRate: SR,
});
const scale = (a: StereoPcm, g: number): StereoPcm => ({
  left: a.left.map((v) => v * g),
  right: a.right.map((v) => v * g),
  sampleRate: SR,
});
const copy = (a: StereoPcm): StereoPcm => ({ left: a.left.slice(), right: a.right.slice(), sampleRate: SR });

/** 10·log10(‖ref‖² / ‖ref − est‖²) over both channels. */
function sdr(ref: StereoPcm, est: StereoPcm) {
  let num = 0;
  let den = 0;
  for (const c of ["left", "right"] as const) {
    for (let i = 0; i < ref[c].length; i++) {
      num += ref[c][i] ** 2;
      den += (ref[c][i] - est[c][i]) ** 2;
    }
  }
  return 10 * Math.log10(num / den);
}
const energy = (a: StereoPcm) => a.left.reduce((s, v) => s + v * v, 0) + a.right.reduce((s, v) => s + v * v, 0);

function writeModel(name: string, model: Buffer, params?: ModelParams | Record<string, unknown>) {
  fs.writeFileSync(path.join(modelsDir, `${name}.onnx`), model);
  if (params) fs.writeFileSync(path.join(modelsDir, `${name}.json`), JSON.stringify(params));
}

/** A sidecar in UVR's model_data.json format. */
const sidecar = (p: {
  nFft: number;
  dimF: number;
  dimTExp: number;
  compensate: number;
  stem: string;
  hop?: number;
}) => ({
  compensate: p.compensate,
  mdx_dim_f_set: p.dimF,
  mdx_dim_t_set: p.dimTExp,
  mdx_n_fft_scale_set: p.nFft,
  primary_stem: p.stem,
  ...(p.hop ? { hop_length: p.hop } : {}),
});

// Low part (under 2 kHz) and high part (over 4 kHz) of a stereo test signal.
const LOW = tones(
  5,
  [
    [220, 0.25],
    [440, 0.2],
    [1000, 0.1],
  ],
  [
    [330, 0.25],
    [660, 0.15],
  ],
);
const HIGH = tones(
  5,
  [
    [5000, 0.1],
    [7000, 0.08],
  ],
  [
    [4500, 0.12],
    [9000, 0.05],
  ],
);
const MIX = add(LOW, HIGH);

describe("MDX-Net framing through onnxruntime", () => {
  it("identity model, compensate 1: the target stem is the mixture, the other stem is silence", async () => {
    // n_fft 4096, all bins, 32 frames per chunk → 31 744-sample chunks: 8 chunks over 5 s.
    const params: ModelParams = { nFft: 4096, hop: 1024, dimF: 2049, dimT: 32, compensate: 1, target: "vocals" };
    writeModel("identity", buildMaskModel({ dimF: 2049, dimT: 32 }));
    const progress: number[] = [];
    const out = await runModelWorker(path.join(modelsDir, "identity.onnx"), params, copy(MIX), {
      onProgress: (f) => progress.push(f),
    });
    expect(out.chunks).toBeGreaterThanOrEqual(7);
    expect(out.vocals.left.length).toBe(MIX.left.length);
    expect(sdr(MIX, out.vocals)).toBeGreaterThan(40);
    expect(10 * Math.log10(energy(out.accompaniment) / energy(MIX))).toBeLessThan(-40);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // It ran in a child process of its own (onnxruntime's native code cannot take this one down),
    // which reports what it cost there.
    expect(out.usage.pid).not.toBe(process.pid);
    expect(out.usage.cpuMs).toBeGreaterThan(0);
    expect(out.usage.maxRssKb).toBeGreaterThan(10_000);
  });

  it("a known low-pass mask with compensate 1.1 and a non-power-of-two n_fft: vocals = 1.1 × low band, accompaniment = mixture − vocals", async () => {
    // n_fft 6144 = 3 · 2^11 (as UVR's 6144 models), 16 frames → 15 360-sample chunks: many chunk seams.
    const nFft = 6144;
    const dimF = 2048;
    const params: ModelParams = { nFft, hop: 1024, dimF, dimT: 16, compensate: 1.1, target: "vocals" };
    writeModel("lowpass", buildMaskModel({ dimF, dimT: 16, mask: lowPassMask(dimF, nFft, 2000) }));
    const out = await runModelWorker(path.join(modelsDir, "lowpass.onnx"), params, copy(MIX));
    expect(out.chunks).toBeGreaterThan(20);
    const wantVocals = scale(LOW, 1.1);
    const wantAcc = add(HIGH, LOW, -0.1);
    expect(sdr(wantVocals, out.vocals)).toBeGreaterThan(30);
    expect(sdr(wantAcc, out.accompaniment)).toBeGreaterThan(30);
    // The stems sum back to the mixture exactly (the other stem is mixture − target).
    expect(sdr(MIX, add(out.vocals, out.accompaniment))).toBeGreaterThan(90);
  });

  it("an instrumental model puts its output in the accompaniment, the rest in the vocals", async () => {
    const nFft = 7680; // 15 · 2^9, as UVR-MDX-NET-Inst_HQ_3
    const dimF = 3072;
    const params: ModelParams = { nFft, hop: 1024, dimF, dimT: 16, compensate: 1, target: "instrumental" };
    writeModel("inst", buildMaskModel({ dimF, dimT: 16, mask: lowPassMask(dimF, nFft, 2000) }));
    const out = await runModelWorker(path.join(modelsDir, "inst.onnx"), params, copy(MIX));
    expect(sdr(LOW, out.accompaniment)).toBeGreaterThan(30);
    expect(sdr(HIGH, out.vocals)).toBeGreaterThan(30);
  });

  it("separateWithModel: a file in, two encoded stems out, parameters from the sidecar, progress to 1", async () => {
    writeModel(
      "file-model",
      buildMaskModel({ dimF: 2048, dimT: 16, mask: lowPassMask(2048, 6144, 2000) }),
      sidecar({ nFft: 6144, dimF: 2048, dimTExp: 4, compensate: 1, stem: "Vocals" }),
    );
    const input = path.join(dir, "mix.wav");
    await encodeFromFloat32(MIX, input, { format: "wav", wavSampleFormat: "f32" });
    const model = await findModel("file-model");
    expect(model?.error).toBeNull();
    expect(model?.paramsSource).toBe("sidecar");
    expect(model?.params).toMatchObject({ nFft: 6144, hop: 1024, dimF: 2048, dimT: 16, target: "vocals" });
    expect(model?.engine).toBe(`onnx:file-model@${model?.hash.slice(0, 8)}`);
    const stages: [number, string][] = [];
    const r = await separateWithModel(model!, input, path.join(dir, "out"), {
      format: "wav",
      onProgress: (f, s) => stages.push([f, s]),
    });
    expect(stages.at(-1)).toEqual([1, "done"]);
    expect(new Set(stages.map((s) => s[1]))).toEqual(new Set(["probe", "decode", "separate", "encode", "done"]));
    const [v, a] = await Promise.all([decodeToFloat32(r.vocals), decodeToFloat32(r.accompaniment)]);
    expect(sdr(LOW, v)).toBeGreaterThan(25); // 16-bit wav
    expect(sdr(HIGH, a)).toBeGreaterThan(25);
  });

  // Aborted in the middle of onnxruntime's work, three times: a worker thread terminated there
  // could abort this whole process ("terminate called after throwing an instance of
  // 'Napi::Error'"); the engine's own child process is killed instead.
  it("aborting stops the inference at once (its process is killed) and leaves this process running", async () => {
    writeModel("slow", buildMaskModel({ dimF: 2049, dimT: 8, chain: 40 }));
    for (let round = 0; round < 3; round++) {
      const long = tones(60, [[440, 0.2]], [[550, 0.2]]);
      const ac = new AbortController();
      let seen = 0;
      const started = Date.now();
      const p = runModelWorker(
        path.join(modelsDir, "slow.onnx"),
        { nFft: 4096, hop: 1024, dimF: 2049, dimT: 8, compensate: 1, target: "vocals" },
        long,
        {
          signal: ac.signal,
          onProgress: (f) => {
            seen = f;
            if (f > 0.05) ac.abort();
          },
        },
      );
      await expect(p).rejects.toMatchObject({ name: "AbortError" });
      expect(seen).toBeLessThan(0.5);
      expect(Date.now() - started).toBeLessThan(30_000);
    }
  });
});

describe("installed models", () => {
  it("the catalogue's vocals/instrumental entries are valid MDX-Net parameter sets; other stems are refused", () => {
    const entries = Object.values(CATALOGUE.parameters);
    const usable = entries.filter((e) => /^(vocals|instrumental)$/i.test(e.primary_stem));
    expect(usable.length).toBeGreaterThanOrEqual(30);
    for (const e of usable) {
      const p = paramsFromUvr(e);
      expect(p.hop * (p.dimT - 1)).toBeGreaterThan(p.nFft);
      expect(p.dimF).toBeLessThanOrEqual(p.nFft / 2 + 1);
    }
    // The layout of UVR-MDX-NET-Inst_HQ_3 and Kim_Vocal_2 (n_fft 7680, dim_f 3072, 2^8 frames).
    expect(
      usable.some((e) => e.mdx_n_fft_scale_set === 7680 && e.mdx_dim_f_set === 3072 && e.mdx_dim_t_set === 8),
    ).toBe(true);
    for (const e of entries.filter((x) => !usable.includes(x)))
      expect(() => paramsFromUvr(e)).toThrow(/not vocals or instrumental/);
  });

  it("UVR's model hash is the MD5 of the last 10,240,000 bytes (the whole file when smaller)", async () => {
    const big = Buffer.alloc(10_240_000 + 12345);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 13)) & 255;
    const f = path.join(dir, "big.bin");
    fs.writeFileSync(f, big);
    expect(await uvrHash(f)).toBe(createHash("md5").update(big.subarray(12345)).digest("hex"));
    const small = path.join(dir, "small.bin");
    fs.writeFileSync(small, big.subarray(0, 5000));
    expect(await uvrHash(small)).toBe(createHash("md5").update(big.subarray(0, 5000)).digest("hex"));
  });

  it("malformed, incompatible and unknown files are listed with a clear error; good ones stay usable", async () => {
    const side = sidecar({ nFft: 4096, dimF: 1024, dimTExp: 5, compensate: 1, stem: "Vocals" });
    writeModel("garbage", Buffer.from("this is not an onnx model at all".repeat(100)), side);
    writeModel("truncated", buildMaskModel({ dimF: 1024, dimT: 32 }).subarray(0, 200), side);
    writeModel("two-channels", buildMaskModel({ dimF: 1024, dimT: 32, channels: 2 }), side);
    writeModel("wrong-bins", buildMaskModel({ dimF: 512, dimT: 32 }), side);
    writeModel("no-params", buildMaskModel({ dimF: 1024, dimT: 32 }));
    writeModel("drums", buildMaskModel({ dimF: 1024, dimT: 32 }), { ...side, primary_stem: "Drums" });
    fs.writeFileSync(path.join(modelsDir, "bad-sidecar.onnx"), buildMaskModel({ dimF: 1024, dimT: 32 }));
    fs.writeFileSync(path.join(modelsDir, "bad-sidecar.json"), "{ not json");
    writeModel("good", buildMaskModel({ dimF: 1024, dimT: 32 }), side);

    const models = Object.fromEntries((await listModels()).map((m) => [m.name, m]));
    expect(models.garbage.error).toMatch(/not a loadable ONNX model/);
    expect(models.truncated.error).toMatch(/not a loadable ONNX model/);
    expect(models["two-channels"].error).toMatch(
      /input "input" is \[batch, 2, 1024, 32\], MDX-Net needs \[batch, 4, 1024, 32\]/,
    );
    expect(models["wrong-bins"].error).toMatch(/\[batch, 4, 512, 32\]/);
    expect(models["no-params"].error).toMatch(/unknown model \(hash [0-9a-f]{32}\).*no-params\.json/);
    expect(models.drums.error).toMatch(/separates "Drums", not vocals or instrumental/);
    expect(models["bad-sidecar"].error).toMatch(/sidecar bad-sidecar\.json is not valid JSON/);
    expect(models.good.error).toBeNull();
    expect(models.good.params).toEqual({
      nFft: 4096,
      hop: 1024,
      dimF: 1024,
      dimT: 32,
      compensate: 1,
      target: "vocals",
    });

    // The process that checked them is fine and still separates with the good one.
    const out = await runModelWorker(path.join(modelsDir, "good.onnx"), models.good.params!, copy(MIX));
    expect(sdr(MIX, out.vocals)).toBeGreaterThan(30);
  });

  it("running a broken model fails the job with a message instead of crashing", async () => {
    await expect(
      runModelWorker(
        path.join(modelsDir, "garbage.onnx"),
        { nFft: 4096, hop: 1024, dimF: 1024, dimT: 32, compensate: 1, target: "vocals" },
        copy(MIX),
      ),
    ).rejects.toThrow(/Separation failed: not a loadable ONNX model/);
  });
});
