// Caption tracks of a draft as JianYing 5.9 reads them: one `text` track per add_captions call,
// each caption a text segment with its own `materials.texts` entry (the rich-text `content` JSON
// carries the text, its fill colour and size) and a `speeds` entry. The field set follows what
// pyJianYingDraft's TextSegment writes (research brief ../shared/research/jianying-drafts.md);
// render_index 15000 keeps captions above stickers, as there.

/** A caption track's look, resolved (every field set). */
export type CaptionStyle = {
  /** JianYing's font size unit (its own default is 8 for imported subtitles, 15 for text). */
  fontSize: number;
  /** "#RRGGBB". */
  color: string;
  /** Vertical placement in half-canvas heights: -1 bottom edge, 0 centre, 1 top edge. */
  positionY: number;
  /** "#RRGGBB" or null for no background box. */
  background: string | null;
  backgroundAlpha: number;
  bold: boolean;
};

export type TextSegment = {
  id: string;
  materialId: string;
  speedId: string;
  /** Timeline start and length, µs. */
  start: number;
  duration: number;
  text: string;
};

export type TextTrack = { id: string; style: CaptionStyle; segments: TextSegment[] };

export const TEXT_RENDER_INDEX = 15000;

/** "#RRGGBB" → [r, g, b] in 0..1, as the content JSON wants colours. */
export function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  const round = (v: number) => Math.round((v / 255) * 1e4) / 1e4;
  return [round((n >> 16) & 255), round((n >> 8) & 255), round(n & 255)];
}

/** JianYing counts style ranges in UTF-16 code units, as JavaScript does. */
function content(text: string, style: CaptionStyle) {
  return JSON.stringify({
    styles: [
      {
        fill: { alpha: 1.0, content: { render_type: "solid", solid: { alpha: 1.0, color: rgb(style.color) } } },
        range: [0, text.length],
        size: style.fontSize,
        bold: style.bold,
        italic: false,
        underline: false,
        strokes: [],
      },
    ],
    text,
  });
}

function textMaterial(s: TextSegment, style: CaptionStyle) {
  // check_flag: 7 = fill + size + mixing; +16 = a background box.
  const material: Record<string, unknown> = {
    id: s.materialId,
    type: "subtitle",
    content: content(s.text, style),
    typesetting: 0,
    alignment: 1,
    letter_spacing: 0,
    line_spacing: 0.02,
    line_feed: 1,
    line_max_width: 0.82,
    force_apply_line_max_width: false,
    check_flag: style.background ? 23 : 7,
    global_alpha: 1.0,
  };
  if (style.background) {
    Object.assign(material, {
      background_style: 1,
      background_color: style.background,
      background_alpha: style.backgroundAlpha,
      background_round_radius: 0.0,
      background_height: 0.14,
      background_width: 0.14,
      background_horizontal_offset: 0.0,
      background_vertical_offset: 0.0,
    });
  }
  return material;
}

function textSegmentJson(s: TextSegment, style: CaptionStyle) {
  return {
    id: s.id,
    material_id: s.materialId,
    target_timerange: { start: s.start, duration: s.duration },
    source_timerange: null,
    speed: 1.0,
    volume: 1.0,
    last_nonzero_volume: 1.0,
    extra_material_refs: [s.speedId],
    is_tone_modify: false,
    clip: {
      alpha: 1.0,
      flip: { horizontal: false, vertical: false },
      rotation: 0.0,
      scale: { x: 1.0, y: 1.0 },
      transform: { x: 0.0, y: style.positionY },
    },
    uniform_scale: { on: true, value: 1.0 },
    hdr_settings: null,
    common_keyframes: [],
    keyframe_refs: [],
    render_index: TEXT_RENDER_INDEX,
    track_render_index: 0,
    track_attribute: 0,
    visible: true,
    reverse: false,
    enable_adjust: true,
    enable_color_correct_adjust: false,
    enable_color_curves: true,
    enable_color_match_adjust: false,
    enable_color_wheels: true,
    enable_lut: true,
    enable_smart_color_adjust: false,
  };
}

/** The draft's text tracks as JSON, pushing each caption's text and speed materials into `materials`. */
export function textTracksJson(texts: TextTrack[] | undefined, materials: Record<string, unknown[]>) {
  return (texts ?? []).map((t) => ({
    attribute: 0,
    flag: 0,
    id: t.id,
    is_default_name: true,
    name: "",
    type: "text",
    segments: t.segments.map((s) => {
      materials.texts.push(textMaterial(s, t.style));
      materials.speeds.push({ id: s.speedId, type: "speed", mode: 0, speed: 1.0, curve_speed: null });
      return textSegmentJson(s, t.style);
    }),
  }));
}
