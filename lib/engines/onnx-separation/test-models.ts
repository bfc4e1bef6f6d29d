// Test/bench models with exactly MDX-Net's I/O layout, built in code with onnx-proto (no weights in
// the repo): input "input" float32 [batch, 4, dimF, dimT], output "output" of the same shape, the
// output being the input times a fixed per-bin gain (a known spectral mask; all ones = identity).
import onnxProto, { type onnx as Onnx } from "onnx-proto";

// onnx-proto is CommonJS: Node's ESM loader (tsx, the bench) only sees its default export.
const { onnx } = onnxProto;

export type TestModelOptions = {
  dimF: number;
  dimT: number;
  /** Gain per frequency bin (length dimF); default all ones (identity). */
  mask?: Float32Array;
  /** Declared channel count (4 for a real MDX-Net layout; anything else makes it incompatible). */
  channels?: number;
  /** Extra work per inference, to make a bench or a load test heavier: the mask is applied after
   * this many chained Mul-by-one nodes. */
  chain?: number;
};

const F32 = onnx.TensorProto.DataType.FLOAT;

function valueInfo(name: string, dims: (number | string)[]): Onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: F32,
        shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** Serialised ONNX model (opset 13) computing output = input × mask[f]. */
export function buildMaskModel(opts: TestModelOptions): Buffer {
  const { dimF, dimT } = opts;
  const channels = opts.channels ?? 4;
  const mask = opts.mask ?? new Float32Array(dimF).fill(1);
  if (mask.length !== dimF) throw new Error("mask length must be dimF");
  const nodes: Onnx.INodeProto[] = [];
  const initializer: Onnx.ITensorProto[] = [
    { name: "mask", dataType: F32, dims: [1, 1, dimF, 1], floatData: Array.from(mask) },
    { name: "one", dataType: F32, dims: [1], floatData: [1] },
  ];
  let last = "input";
  for (let i = 0; i < (opts.chain ?? 0); i++) {
    nodes.push({ opType: "Mul", input: [last, "one"], output: [`c${i}`], name: `chain${i}` });
    last = `c${i}`;
  }
  nodes.push({ opType: "Mul", input: [last, "mask"], output: ["output"], name: "apply_mask" });
  const model: Onnx.IModelProto = {
    irVersion: 8,
    opsetImport: [{ domain: "", version: 13 }],
    producerName: "mixdesk-test",
    graph: {
      name: "mdx_mask",
      node: nodes,
      initializer,
      input: [valueInfo("input", ["batch", channels, dimF, dimT])],
      output: [valueInfo("output", ["batch", channels, dimF, dimT])],
    },
  };
  return Buffer.from(onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish());
}

/** A mask passing bins whose centre frequency is below `cutoffHz`, zero above. */
export function lowPassMask(dimF: number, nFft: number, cutoffHz: number, sampleRate = 44100): Float32Array {
  const m = new Float32Array(dimF);
  for (let f = 0; f < dimF; f++) m[f] = (f * sampleRate) / nFft < cutoffHz ? 1 : 0;
  return m;
}
