// Admin "Engines": the separation engine chosen per order type and the installed ONNX models
// (browser and server share these).
import { z } from "zod";

export const SEPARATION_TYPES = ["track-separation", "extract-voice", "extract-music"] as const;
export type SeparationType = (typeof SEPARATION_TYPES)[number];

/** "dsp" (the built-in engine) or "onnx:<model name>". */
export const engineChoiceSchema = z.union([
  z.literal("dsp"),
  z.string().regex(/^onnx:[A-Za-z0-9][A-Za-z0-9_.+-]{0,120}$/, { error: "must be dsp or onnx:<model name>" }),
]);
export type EngineChoice = z.infer<typeof engineChoiceSchema>;

export const updateEngineDefaultsSchema = z
  .object({
    "track-separation": engineChoiceSchema.optional(),
    "extract-voice": engineChoiceSchema.optional(),
    "extract-music": engineChoiceSchema.optional(),
  })
  .strict();

export const installModelSchema = z.object({ name: z.string().trim().min(1).max(120) });
export const modelNameParamsSchema = z.object({ name: z.string().min(1).max(120) });

export type ModelView = {
  name: string;
  file: string;
  bytes: number;
  hash: string;
  engine: string;
  params: { nFft: number; hop: number; dimF: number; dimT: number; compensate: number; target: string } | null;
  paramsSource: "sidecar" | "catalogue" | null;
  error: string | null;
};

export type EnginesView = {
  defaults: Record<SeparationType, EngineChoice>;
  models: ModelView[];
  /** Catalogue models that can be downloaded and are not installed. */
  available: { name: string; label: string }[];
  modelsDir: string;
};
