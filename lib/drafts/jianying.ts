// Writes a draft as JianYing 5.9 reads it (plaintext): draft_content.json (also saved as
// draft_info.json) and draft_meta_info.json. Field sets follow the research brief
// (../shared/research/jianying-drafts.md §1): what pyJianYingDraft and capcut-mate emit for audio.
import { textTracksJson } from "@/lib/drafts/text-track";
import type { Timeline } from "@/lib/drafts/timeline";
import { timelineDuration } from "@/lib/drafts/timeline";

export type DraftMaterialFile = {
  id: string;
  fileName: string;
  /** What JianYing shows for it: the original file name (the stored file is named by its id). */
  displayName?: string | null;
  durationUs: number;
  url: string;
};

export type DraftDocument = {
  id: string;
  /** The draft's name (draft_name); null = the id. */
  name?: string | null;
  width: number;
  height: number;
  timeline: Timeline;
  materials: DraftMaterialFile[];
  createdAt: Date;
  updatedAt: Date;
  /** Absolute drafts folder (save_draft's draft_folder) or null for JianYing's placeholder paths. */
  draftFolder: string | null;
};

export const AUDIO_DIR = "assets/audio";

/** The draft's UUID as JianYing writes ids (upper case, dashed) — also the path placeholder's. */
export const draftUuid = (id: string) =>
  `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`.toUpperCase();

/** Where JianYing finds a media file: relative to the opened folder, or absolute under draft_folder. */
export function materialPath(doc: Pick<DraftDocument, "id" | "draftFolder">, fileName: string): string {
  if (!doc.draftFolder) return `##_draftpath_placeholder_${draftUuid(doc.id)}_##/${AUDIO_DIR}/${fileName}`;
  const windows = /^[A-Za-z]:|\\/.test(doc.draftFolder);
  const sep = windows ? "\\" : "/";
  const root = doc.draftFolder.replace(/[\\/]+$/, "");
  return [root, doc.id, ...AUDIO_DIR.split("/"), fileName].join(sep);
}

const MATERIAL_KINDS = [
  "ai_translates",
  "audio_balances",
  "audio_effects",
  "audio_fades",
  "audio_track_indexes",
  "audios",
  "beats",
  "canvases",
  "chromas",
  "color_curves",
  "digital_humans",
  "drafts",
  "effects",
  "flowers",
  "green_screens",
  "handwrites",
  "hsl",
  "images",
  "log_color_wheels",
  "loudnesses",
  "manual_deformations",
  "masks",
  "material_animations",
  "material_colors",
  "multi_language_refs",
  "placeholders",
  "plugin_effects",
  "primary_color_wheels",
  "realtime_denoises",
  "shapes",
  "smart_crops",
  "smart_relights",
  "sound_channel_mappings",
  "speeds",
  "stickers",
  "tail_leaders",
  "text_templates",
  "texts",
  "time_marks",
  "transitions",
  "video_effects",
  "video_trackings",
  "videos",
  "vocal_beautifys",
  "vocal_separations",
] as const;

const micros = (d: Date) => d.getTime() * 1000;

/** An audio or text track as written; readers narrow on `type`. */
export type DraftTrackJson = { id: string; type: string; segments: Record<string, unknown>[] };

export function draftContent(doc: DraftDocument) {
  const materials: Record<string, unknown[]> = Object.fromEntries(MATERIAL_KINDS.map((k) => [k, []]));
  const used = new Set(doc.timeline.tracks.flatMap((t) => t.segments.map((s) => s.materialId)));
  materials.audios = doc.materials
    .filter((m) => used.has(m.id))
    .map((m) => ({
      app_id: 0,
      category_id: "",
      category_name: "local",
      check_flag: 3,
      copyright_limit_type: "none",
      duration: m.durationUs,
      effect_id: "",
      formula_id: "",
      id: m.id,
      local_material_id: m.id,
      music_id: m.id,
      name: m.displayName ?? m.fileName,
      path: materialPath(doc, m.fileName),
      source_platform: 0,
      type: "extract_music",
      wave_points: [],
    }));
  const tracks = doc.timeline.tracks.map((t) => ({
    attribute: 0,
    flag: 0,
    id: t.id,
    is_default_name: true,
    name: "",
    type: "audio",
    segments: t.segments.map((s) => {
      materials.speeds.push({ id: s.speedId, type: "speed", mode: 0, speed: 1.0, curve_speed: null });
      if (s.fadeId) {
        materials.audio_fades.push({
          id: s.fadeId,
          type: "audio_fade",
          fade_type: 0,
          fade_in_duration: s.fadeIn,
          fade_out_duration: s.fadeOut,
        });
      }
      return {
        id: s.id,
        material_id: s.materialId,
        target_timerange: { start: s.start, duration: s.duration },
        source_timerange: { start: s.sourceStart ?? 0, duration: s.duration },
        speed: 1.0,
        volume: s.volume,
        last_nonzero_volume: 1.0,
        extra_material_refs: s.fadeId ? [s.speedId, s.fadeId] : [s.speedId],
        is_tone_modify: false,
        clip: null,
        hdr_settings: null,
        common_keyframes: [],
        keyframe_refs: [],
        render_index: 0,
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
    }),
  }));
  // Caption tracks come after the audio ones (lib/drafts/text-track.ts).
  const allTracks: DraftTrackJson[] = [...tracks, ...textTracksJson(doc.timeline.texts, materials)];
  return {
    canvas_config: { width: doc.width, height: doc.height, ratio: "original" },
    color_space: 0,
    config: {
      adjust_max_index: 1,
      attachment_info: [],
      combination_max_index: 1,
      export_range: null,
      extract_audio_last_index: 1,
      lyrics_recognition_id: "",
      lyrics_sync: true,
      lyrics_taskinfo: [],
      maintrack_adsorb: true,
      material_save_mode: 0,
      original_sound_last_index: 1,
      record_audio_last_index: 1,
      sticker_max_index: 1,
      subtitle_recognition_id: "",
      subtitle_sync: true,
      subtitle_taskinfo: [],
      system_font_list: [],
      video_mute: false,
      zoom_info_params: null,
    },
    cover: null,
    create_time: 0,
    duration: timelineDuration(doc.timeline),
    extra_info: null,
    fps: 30.0,
    free_render_index_mode_on: false,
    group_container: null,
    id: draftUuid(doc.id),
    keyframe_graph_list: [],
    keyframes: {
      adjusts: [],
      audios: [],
      effects: [],
      filters: [],
      handwrites: [],
      stickers: [],
      texts: [],
      videos: [],
    },
    last_modified_platform: { app_id: 3704, app_source: "lv", app_version: "5.9.0", os: "windows" },
    materials,
    mutable_config: null,
    name: "",
    new_version: "110.0.0",
    platform: { app_id: 3704, app_source: "lv", app_version: "5.9.0", os: "windows" },
    relationships: [],
    render_index_track_mode_on: false,
    retouch_cover: null,
    source: "default",
    static_cover_image_path: "",
    time_marks: null,
    tracks: allTracks,
    update_time: 0,
    version: 360000,
  };
}

export function draftMetaInfo(doc: DraftDocument) {
  const created = micros(doc.createdAt);
  const modified = micros(doc.updatedAt);
  const sep = doc.draftFolder && /^[A-Za-z]:|\\/.test(doc.draftFolder) ? "\\" : "/";
  const root = doc.draftFolder?.replace(/[\\/]+$/, "") ?? "";
  const music = doc.materials.map((m) => ({
    create_time: Math.floor(created / 1_000_000),
    duration: m.durationUs,
    extra_info: m.fileName,
    file_Path: materialPath(doc, m.fileName),
    height: 0,
    id: m.id,
    import_time: Math.floor(created / 1_000_000),
    import_time_ms: created,
    item_source: 1,
    md5: "",
    metetype: "music",
    roughcut_time_range: { duration: m.durationUs, start: 0 },
    sub_time_range: { duration: -1, start: -1 },
    type: 0,
    width: 0,
  }));
  return {
    cloud_package_completed_time: "",
    draft_cloud_capcut_purchase_info: "",
    draft_cloud_last_action_download: false,
    draft_cloud_materials: [],
    draft_cloud_purchase_info: "",
    draft_cloud_template_id: "",
    draft_cloud_tutorial_info: "",
    draft_cloud_videocut_purchase_info: "",
    draft_cover: "",
    draft_deeplink_url: "",
    draft_enterprise_info: {
      draft_enterprise_extra: "",
      draft_enterprise_id: "",
      draft_enterprise_name: "",
      enterprise_material: [],
    },
    draft_fold_path: root ? `${root}${sep}${doc.id}` : "",
    draft_id: draftUuid(doc.id),
    draft_is_ai_packaging_used: false,
    draft_is_ai_shorts: false,
    draft_is_ai_translate: false,
    draft_is_article_video_draft: false,
    draft_is_from_deeplink: "false",
    draft_is_invisible: false,
    draft_materials: [{ type: 0, value: music }, ...[1, 2, 3, 6, 7, 8].map((type) => ({ type, value: [] }))],
    draft_materials_copied_info: [],
    draft_name: doc.name ?? doc.id,
    draft_new_version: "",
    draft_removable_storage_device: "",
    draft_root_path: root,
    draft_segment_extra_info: [],
    draft_timeline_materials_size_: 0,
    draft_type: "",
    tm_draft_cloud_completed: "",
    tm_draft_cloud_modified: 0,
    tm_draft_create: created,
    tm_draft_modified: modified,
    tm_draft_removed: 0,
    tm_duration: timelineDuration(doc.timeline),
  };
}

/** The three JSON files of the folder, by their name inside it. */
export function draftJsonFiles(doc: DraftDocument): Record<string, string> {
  const content = JSON.stringify(draftContent(doc));
  return {
    "draft_content.json": content,
    "draft_info.json": content,
    "draft_meta_info.json": JSON.stringify(draftMetaInfo(doc)),
  };
}
