// The installed ONNX separation models: the files in MODELS_DIR, their parameters (a sidecar JSON
// beside the model, else the catalogue of known public models keyed by UVR's model hash), and a
// compatibility check that opens the model in a worker thread (a broken file can crash or hang
// onnxruntime's loader; in a worker it cannot take the server down).
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { abortError, engineWorkerPath, runWorkerJob } from "@/lib/engines/worker-job";
import { env } from "@/lib/env";
import { AppError, conflict, notFound } from "@/lib/errors";
import { safeDownload } from "@/lib/media/safe-fetch";
import { dataDir } from "@/lib/storage/files";
import catalogueJson from "./catalogue.json";
import { checkParams, type MdxParams } from "./mdx.mjs";

/** One entry of UVR's MDX model table, also the sidecar format (see README.md in this folder). */
export type UvrModelData = {
  compensate: number;
  mdx_dim_f_set: number;
  /** log2 of the frames per chunk (8 → 256 frames). */
  mdx_dim_t_set: number;
  mdx_n_fft_scale_set: number;
  primary_stem: string;
  is_karaoke?: boolean;
  /** Not in UVR's table (always 1024 there); a sidecar may set it. */
  hop_length?: number;
};

export type Catalogue = {
  downloadBase: string;
  downloads: { name: string; label: string; file: string }[];
  parameters: Record<string, UvrModelData>;
};

export const CATALOGUE: Catalogue = catalogueJson as Catalogue;

export type ModelParams = MdxParams;

export type InstalledModel = {
  name: string;
  file: string;
  bytes: number;
  /** UVR's model hash (MD5 of the file's last 10,240,000 bytes). */
  hash: string;
  /** What orders record: onnx:<name>@<first 8 hash characters>. */
  engine: string;
  params: ModelParams | null;
  paramsSource: "sidecar" | "catalogue" | null;
  /** Null when the model can be used; otherwise why not, for the admin. */
  error: string | null;
};

const HASH_TAIL = 10_000 * 1024;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,120}$/;

export function modelsDir(): string {
  return path.resolve(/* turbopackIgnore: true */ env().MODELS_DIR || path.join(dataDir(), "models"));
}

export const validModelName = (name: string) => NAME.test(name) && !name.includes("..");

/** UVR's model hash: MD5 of the last 10,240,000 bytes, or of the whole file when it is smaller. */
export async function uvrHash(file: string): Promise<string> {
  const fh = await fs.promises.open(file, "r");
  try {
    const { size } = await fh.stat();
    const start = Math.max(0, size - HASH_TAIL);
    const hash = createHash("md5");
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let pos = start; pos < size; ) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
    return hash.digest("hex");
  } finally {
    await fh.close();
  }
}

/** UVR's parameter names → ours; throws with a message for the admin when they do not fit. */
export function paramsFromUvr(d: UvrModelData): ModelParams {
  const stem = String(d.primary_stem ?? "").toLowerCase();
  if (stem !== "vocals" && stem !== "instrumental")
    throw new Error(`the model separates "${d.primary_stem}", not vocals or instrumental`);
  const exp = Number(d.mdx_dim_t_set);
  if (!Number.isInteger(exp) || exp < 1 || exp > 12)
    throw new Error("mdx_dim_t_set must be an integer between 1 and 12");
  return checkParams({
    nFft: Number(d.mdx_n_fft_scale_set),
    hop: d.hop_length === undefined ? 1024 : Number(d.hop_length),
    dimF: Number(d.mdx_dim_f_set),
    dimT: 2 ** exp,
    compensate: Number(d.compensate),
    target: stem,
  });
}

type Check = {
  hash: string;
  params: ModelParams | null;
  paramsSource: InstalledModel["paramsSource"];
  error: string | null;
};
const checks = new Map<string, Promise<Check>>();

async function readSidecar(file: string): Promise<UvrModelData | null> {
  const json = file.replace(/\.onnx$/i, ".json");
  let text: string;
  try {
    text = await fs.promises.readFile(json, "utf8");
  } catch {
    return null;
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error("not an object");
    return v as UvrModelData;
  } catch (err) {
    throw new Error(`sidecar ${path.basename(json)} is not valid JSON (${(err as Error).message})`);
  }
}

type Meta = { name: string; shape: (number | string)[] | null; dataType: string };

export function workerPath(): string {
  return engineWorkerPath(import.meta.url, "onnx-separation");
}

/** Opens the model in a worker and compares its inputs/outputs with MDX-Net's layout. */
export async function inspectModel(file: string, params: ModelParams | null): Promise<void> {
  const res = await runWorkerJob<{ inputs: Meta[]; outputs: Meta[] }>({
    file: workerPath(),
    what: "Model check",
    message: { type: "inspect", modelPath: file },
    transfer: [],
    isolation: "process",
  }).catch((err: Error) => {
    throw new Error(err.message.replace(/^Model check failed: /, ""));
  });
  const expect = (kind: string, m: Meta | undefined) => {
    if (!m?.shape) throw new Error(`the model has no ${kind} tensor`);
    if (m.dataType !== "float32") throw new Error(`its ${kind} is ${m.dataType}, not float32`);
    const s = m.shape;
    const want: (number | string)[] = ["batch", 4, params?.dimF ?? "dim_f", params?.dimT ?? "dim_t"];
    // Symbolic (string) or -1 dimensions accept anything; a fixed batch must be 1 (one chunk per run).
    const fixed = (v: number | string) => typeof v === "number" && v >= 0;
    const fits =
      s.length === 4 &&
      (!fixed(s[0]) || s[0] === 1) &&
      [1, 2, 3].every((i) => !fixed(s[i]) || typeof want[i] !== "number" || s[i] === want[i]);
    if (!fits) throw new Error(`its ${kind} "${m.name}" is [${s.join(", ")}], MDX-Net needs [${want.join(", ")}]`);
  };
  if (res.inputs.length !== 1) throw new Error(`the model has ${res.inputs.length} inputs, MDX-Net has one`);
  expect("input", res.inputs[0]);
  expect("output", res.outputs[0]);
}

async function check(file: string, stat: fs.Stats, catalogue: Catalogue): Promise<Check> {
  const key = `${file}:${stat.size}:${stat.mtimeMs}`;
  let p = checks.get(key);
  if (!p) {
    p = (async (): Promise<Check> => {
      const hash = await uvrHash(file);
      let params: ModelParams | null = null;
      let paramsSource: Check["paramsSource"] = null;
      try {
        const side = await readSidecar(file);
        const known = side ?? catalogue.parameters[hash];
        if (!known)
          throw new Error(
            `unknown model (hash ${hash}): put a sidecar ${path.basename(file).replace(/\.onnx$/i, ".json")} with its parameters beside it`,
          );
        paramsSource = side ? "sidecar" : "catalogue";
        params = paramsFromUvr(known);
        await inspectModel(file, params);
        return { hash, params, paramsSource, error: null };
      } catch (err) {
        return { hash, params, paramsSource, error: (err as Error).message };
      }
    })();
    checks.set(key, p);
  }
  return p;
}

async function describe(file: string, catalogue: Catalogue): Promise<InstalledModel | null> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    return null;
  }
  if (!stat.isFile()) return null;
  const c = await check(file, stat, catalogue);
  const name = path.basename(file).replace(/\.onnx$/i, "");
  return {
    name,
    file: path.basename(file),
    bytes: stat.size,
    hash: c.hash,
    engine: `onnx:${name}@${c.hash.slice(0, 8)}`,
    params: c.params,
    paramsSource: c.paramsSource,
    error: c.error,
  };
}

/** Every *.onnx in MODELS_DIR, checked (results cached per file size and mtime). */
export async function listModels(catalogue: Catalogue = CATALOGUE): Promise<InstalledModel[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(modelsDir());
  } catch {
    return [];
  }
  const out: InstalledModel[] = [];
  // One at a time: each check opens a worker with the whole model in memory.
  for (const n of names.filter((x) => /\.onnx$/i.test(x) && !x.startsWith(".")).sort()) {
    const m = await describe(path.join(modelsDir(), n), catalogue);
    if (m) out.push(m);
  }
  return out;
}

export async function findModel(name: string, catalogue: Catalogue = CATALOGUE): Promise<InstalledModel | null> {
  if (!validModelName(name)) return null;
  return describe(path.join(modelsDir(), `${name}.onnx`), catalogue);
}

/**
 * Downloads a catalogue model from its public release URL (or MODELS_DOWNLOAD_BASE) through the
 * SSRF-safe fetcher, accepts it only when its hash is a known vocals/instrumental MDX-Net model and
 * it opens with the expected layout, then registers it (the file plus a sidecar recording its
 * parameters and where it came from).
 */
export async function installModel(
  name: string,
  opts: { signal?: AbortSignal; catalogue?: Catalogue; onProgress?: (bytes: number) => void } = {},
): Promise<InstalledModel> {
  const catalogue = opts.catalogue ?? CATALOGUE;
  const entry = catalogue.downloads.find((d) => d.name === name);
  if (!entry) throw notFound(`No model named "${name}" in the catalogue`);
  const dir = modelsDir();
  const dest = path.join(dir, entry.file);
  if (fs.existsSync(dest)) throw conflict(`${entry.name} is already installed`);
  await fs.promises.mkdir(dir, { recursive: true });
  const base = env().MODELS_DOWNLOAD_BASE ?? catalogue.downloadBase;
  const url = new URL(encodeURIComponent(entry.file), base.endsWith("/") ? base : `${base}/`).toString();
  const part = path.join(dir, `.${entry.file}.${randomBytes(4).toString("hex")}.part`);
  try {
    await safeDownload(url, part, {
      maxBytes: env().MODELS_MAX_MB * 1024 * 1024,
      timeoutMs: 60 * 60 * 1000,
      signal: opts.signal,
    });
    if (opts.signal?.aborted) throw abortError(opts.signal);
    const hash = await uvrHash(part);
    const known = catalogue.parameters[hash];
    if (!known)
      throw new AppError(
        "upstream_failed",
        `The downloaded file (hash ${hash}) is not a known MDX-Net model; nothing was installed`,
      );
    let params: ModelParams;
    try {
      params = paramsFromUvr(known);
      await inspectModel(part, params);
    } catch (err) {
      throw new AppError("upstream_failed", `The downloaded model cannot be used: ${(err as Error).message}`);
    }
    const sidecar = { ...known, hop_length: params.hop, label: entry.label, source: url, hash };
    await fs.promises.writeFile(dest.replace(/\.onnx$/i, ".json"), `${JSON.stringify(sidecar, null, 2)}\n`);
    await fs.promises.rename(part, dest);
  } finally {
    await fs.promises.rm(part, { force: true });
  }
  const m = await describe(dest, catalogue);
  if (!m) throw new Error("the installed model disappeared");
  return m;
}

/** Deletes a model file and its sidecar. */
export async function removeModel(name: string): Promise<void> {
  if (!validModelName(name)) throw notFound(`No installed model named "${name}"`);
  const file = path.join(modelsDir(), `${name}.onnx`);
  if (!fs.existsSync(file)) throw notFound(`No installed model named "${name}"`);
  await fs.promises.rm(file, { force: true });
  await fs.promises.rm(file.replace(/\.onnx$/i, ".json"), { force: true });
}
