// A structural check of a written JianYing draft, used by the unit and HTTP tests: it reads the
// JSON back and lists every broken promise (an empty list means the draft is sound).
type Range = { start: number; duration: number };
type Seg = {
  id: string;
  material_id: string;
  target_timerange: Range;
  source_timerange: Range | null;
  extra_material_refs: string[];
  volume: number;
  speed: number;
};
type Content = {
  canvas_config: { width: number; height: number };
  duration: number;
  tracks: { id: string; type: string; segments: Seg[] }[];
  materials: {
    audios: { id: string; duration: number; path: string }[];
    speeds: { id: string; speed: number }[];
    audio_fades: { id: string; fade_in_duration: number; fade_out_duration: number }[];
  } & Record<string, unknown[]>;
};

type TextMaterial = { id: string; type: string; content: string };

/** A caption track: every segment has its text material (whose content JSON styles exactly its text) and one speed. */
function textTrackProblems(
  t: { id: string; segments: Seg[] },
  texts: Map<string, TextMaterial>,
  speeds: Map<string, unknown>,
  problems: string[],
): number {
  let latest = 0;
  const segs = [...t.segments].sort((a, b) => a.target_timerange.start - b.target_timerange.start);
  segs.forEach((s, i) => {
    const end = s.target_timerange.start + s.target_timerange.duration;
    latest = Math.max(latest, end);
    if (s.target_timerange.duration <= 0) problems.push(`text segment ${s.id}: empty`);
    if (s.source_timerange !== null) problems.push(`text segment ${s.id}: has a source_timerange`);
    const m = texts.get(s.material_id);
    if (!m) problems.push(`text segment ${s.id}: text material ${s.material_id} missing`);
    else {
      const content = JSON.parse(m.content) as { text: string; styles: { range: [number, number] }[] };
      if (!content.text) problems.push(`text material ${m.id}: no text`);
      const [from, to] = content.styles[0]?.range ?? [-1, -1];
      if (from !== 0 || to !== content.text.length) problems.push(`text material ${m.id}: style range ${from}–${to}`);
    }
    const refs = s.extra_material_refs ?? [];
    if (refs.filter((r) => speeds.has(r)).length !== 1) problems.push(`text segment ${s.id}: needs one speed ref`);
    for (const r of refs) if (!speeds.has(r)) problems.push(`text segment ${s.id}: ref ${r} resolves to nothing`);
    const next = segs[i + 1];
    if (next && next.target_timerange.start < end) problems.push(`track ${t.id}: ${s.id} overlaps ${next.id}`);
  });
  return latest;
}

const TIME_KEYS = new Set(["start", "duration", "fade_in_duration", "fade_out_duration"]);

function nonIntegerTimes(value: unknown, at: string, out: string[]) {
  if (Array.isArray(value)) value.forEach((v, i) => nonIntegerTimes(v, `${at}[${i}]`, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (TIME_KEYS.has(k) && typeof v === "number" && !Number.isInteger(v))
        out.push(`${at}.${k} is not an integer: ${v}`);
      nonIntegerTimes(v, `${at}.${k}`, out);
    }
  }
}

export function draftProblems(json: string, canvas: { width: number; height: number }): string[] {
  const problems: string[] = [];
  const c = JSON.parse(json) as Content;
  if (c.canvas_config?.width !== canvas.width || c.canvas_config?.height !== canvas.height) {
    problems.push(
      `canvas is ${c.canvas_config?.width}x${c.canvas_config?.height}, expected ${canvas.width}x${canvas.height}`,
    );
  }
  nonIntegerTimes(c, "$", problems);
  const audios = new Map(c.materials.audios.map((m) => [m.id, m]));
  const speeds = new Map(c.materials.speeds.map((m) => [m.id, m]));
  const fades = new Map(c.materials.audio_fades.map((m) => [m.id, m]));
  let latest = 0;
  const texts = new Map(((c.materials.texts ?? []) as TextMaterial[]).map((m) => [m.id, m]));
  for (const t of c.tracks.filter((t) => t.type === "text")) {
    latest = Math.max(latest, textTrackProblems(t, texts, speeds, problems));
  }
  for (const t of c.tracks.filter((t) => t.type !== "text")) {
    const segs = [...t.segments].sort((a, b) => a.target_timerange.start - b.target_timerange.start);
    segs.forEach((s, i) => {
      const end = s.target_timerange.start + s.target_timerange.duration;
      latest = Math.max(latest, end);
      const m = audios.get(s.material_id);
      if (!m) problems.push(`segment ${s.id}: material ${s.material_id} missing`);
      else if (
        !s.source_timerange ||
        s.source_timerange.start < 0 ||
        s.source_timerange.start + s.source_timerange.duration > m.duration
      ) {
        problems.push(
          `segment ${s.id}: source ${JSON.stringify(s.source_timerange)} outside material duration ${m.duration}`,
        );
      }
      if (s.target_timerange.duration <= 0) problems.push(`segment ${s.id}: empty`);
      const refs = s.extra_material_refs ?? [];
      const speedRefs = refs.filter((r) => speeds.has(r));
      if (speedRefs.length !== 1) problems.push(`segment ${s.id}: ${speedRefs.length} speed refs`);
      for (const r of refs)
        if (!speeds.has(r) && !fades.has(r)) problems.push(`segment ${s.id}: ref ${r} resolves to nothing`);
      for (const r of refs.filter((r) => fades.has(r))) {
        const f = fades.get(r)!;
        if (f.fade_in_duration + f.fade_out_duration > s.target_timerange.duration)
          problems.push(`segment ${s.id}: fades longer than the clip`);
      }
      const next = segs[i + 1];
      if (next && next.target_timerange.start < end) problems.push(`track ${t.id}: ${s.id} overlaps ${next.id}`);
    });
  }
  if (c.duration !== latest) problems.push(`duration ${c.duration} but the latest segment ends at ${latest}`);
  return problems;
}
