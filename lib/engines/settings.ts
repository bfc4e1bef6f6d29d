// Which engine serves each separation order type: "dsp" (built in) or "onnx:<model>", chosen by an
// admin and kept in the Setting table (key engine.<order type>, value JSON). Unset means dsp.
import "server-only";
import {
  type EngineChoice,
  type EnginesView,
  SEPARATION_TYPES,
  type SeparationType,
  engineChoiceSchema,
} from "@/lib/contracts/engines";
import { db } from "@/lib/db";
import { badRequest } from "@/lib/errors";
import {
  CATALOGUE,
  findModel,
  installModel,
  listModels,
  modelsDir,
  removeModel,
} from "@/lib/engines/onnx-separation/models";

const key = (t: SeparationType) => `engine.${t}`;

export async function engineDefaults(): Promise<Record<SeparationType, EngineChoice>> {
  const rows = await db.setting.findMany({ where: { key: { in: SEPARATION_TYPES.map(key) } } });
  const out = {} as Record<SeparationType, EngineChoice>;
  for (const t of SEPARATION_TYPES) {
    const row = rows.find((r) => r.key === key(t));
    let v: unknown = null;
    try {
      v = row ? JSON.parse(row.value) : null;
    } catch {
      v = null; // a hand-edited bad value means the default
    }
    const parsed = engineChoiceSchema.safeParse(v);
    out[t] = parsed.success ? parsed.data : "dsp";
  }
  return out;
}

export async function engineDefault(type: SeparationType): Promise<EngineChoice> {
  return (await engineDefaults())[type];
}

export async function getEnginesView(): Promise<EnginesView> {
  const [defaults, models] = await Promise.all([engineDefaults(), listModels()]);
  const installed = new Set(models.map((m) => m.file));
  return {
    defaults,
    models,
    available: CATALOGUE.downloads.filter((d) => !installed.has(d.file)).map((d) => ({ name: d.name, label: d.label })),
    modelsDir: modelsDir(),
  };
}

/** Only a usable installed model can become a default. */
export async function updateEngineDefaults(
  actorId: string,
  patch: Partial<Record<SeparationType, EngineChoice>>,
): Promise<EnginesView> {
  const writes: [SeparationType, EngineChoice][] = [];
  for (const t of SEPARATION_TYPES) {
    const choice = patch[t];
    if (choice === undefined) continue;
    if (choice !== "dsp") {
      const m = await findModel(choice.slice("onnx:".length));
      if (!m) throw badRequest(`No installed model named "${choice.slice(5)}"`, { [t]: "not installed" });
      if (m.error) throw badRequest(`Model ${m.name} cannot be used: ${m.error}`, { [t]: m.error });
    }
    writes.push([t, choice]);
  }
  await db.$transaction(
    writes.map(([t, v]) =>
      db.setting.upsert({
        where: { key: key(t) },
        create: { key: key(t), value: JSON.stringify(v), updatedById: actorId },
        update: { value: JSON.stringify(v), updatedById: actorId },
      }),
    ),
  );
  return getEnginesView();
}

export async function installCatalogueModel(name: string): Promise<EnginesView> {
  await installModel(name);
  return getEnginesView();
}

/** Removing a model that is some type's default sets that type back to dsp. */
export async function removeInstalledModel(actorId: string, name: string): Promise<EnginesView> {
  await removeModel(name);
  const defaults = await engineDefaults();
  const reset = SEPARATION_TYPES.filter((t) => defaults[t] === `onnx:${name}`);
  if (reset.length) await updateEngineDefaults(actorId, Object.fromEntries(reset.map((t) => [t, "dsp"])));
  return getEnginesView();
}
