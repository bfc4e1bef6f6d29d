// How a music task looks in each place: record-info (camelCase), callbacks (snake_case, as the
// document's callback pages), and the browser.
import { env } from "@/lib/env";
import { MUSIC_FAILED, type MusicStatus } from "@/lib/contracts/music";
import { signedFileUrl } from "@/lib/storage/files";

export type ResultItem = {
  id: string;
  title: string;
  duration: number;
  audio: string;
  image: string;
  createdAt: string;
};

export type TaskRow = {
  taskId: string;
  model: string;
  param: string;
  title: string | null;
  musicStatus: string;
  errorCode: number | null;
  errorMessage: string | null;
  results: string;
  createdAt: Date;
};

export const parseResults = (raw: string): ResultItem[] => {
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? (v as ResultItem[]) : [];
  } catch {
    return [];
  }
};

export const parseParam = (raw: string): Record<string, unknown> => {
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** `YYYY-MM-DD HH:MM:SS` in UTC, as the document's example. */
export const sunoTime = (iso: string | Date) => new Date(iso).toISOString().replace("T", " ").slice(0, 19);

const retentionMs = () => env().RESULT_RETENTION_DAYS * 86_400_000;

/** When the task's files go (retention counts from when they were made). */
export function expiresAt(task: { createdAt: Date }, finishedAt: Date | null): Date {
  return new Date((finishedAt ?? task.createdAt).getTime() + retentionMs());
}

/** Signed links valid until the files are swept, so a callback retried for hours still works. */
function links(item: ResultItem, until: Date, now = Date.now()) {
  const ttl = Math.max(60, Math.floor((until.getTime() - now) / 1000));
  const audioUrl = signedFileUrl(item.audio, ttl, now);
  return {
    audioUrl,
    streamAudioUrl: audioUrl,
    imageUrl: signedFileUrl(item.image, ttl, now),
    downloadUrl: `${audioUrl}&download=1`,
  };
}

export function sunoItems(task: TaskRow, until: Date) {
  const param = parseParam(task.param);
  return parseResults(task.results).map((item) => {
    const l = links(item, until);
    return {
      id: item.id,
      audioUrl: l.audioUrl,
      streamAudioUrl: l.streamAudioUrl,
      imageUrl: l.imageUrl,
      prompt: str(param.prompt),
      modelName: task.model,
      title: item.title,
      tags: str(param.style),
      createTime: sunoTime(item.createdAt),
      duration: Math.round(item.duration * 100) / 100,
    };
  });
}

export function callbackItems(task: TaskRow, until: Date) {
  return sunoItems(task, until).map((i) => ({
    id: i.id,
    audio_url: i.audioUrl,
    source_audio_url: i.audioUrl,
    stream_audio_url: i.streamAudioUrl,
    source_stream_audio_url: i.streamAudioUrl,
    image_url: i.imageUrl,
    source_image_url: i.imageUrl,
    prompt: i.prompt,
    model_name: i.modelName,
    title: i.title,
    tags: i.tags,
    createTime: i.createTime,
    duration: i.duration,
  }));
}

const CALLBACK_MSG = { first: "First track generated successfully.", complete: "All generated successfully." } as const;

export function callbackBody(task: TaskRow, type: "first" | "complete" | "error", until: Date) {
  if (type === "error") {
    return {
      code: task.errorCode ?? 501,
      msg: task.errorMessage ?? "Generation failed",
      data: { callbackType: "error", task_id: task.taskId, data: [] },
    };
  }
  return {
    code: 200,
    msg: CALLBACK_MSG[type],
    data: { callbackType: type, task_id: task.taskId, data: callbackItems(task, until) },
  };
}

export const isFailed = (s: string) => (MUSIC_FAILED as readonly string[]).includes(s);

export const EXPIRED_MESSAGE = (days: number) =>
  `The results of this task were deleted after the ${days}-day retention period`;

export function recordInfoView(task: TaskRow, finishedAt: Date | null, now = Date.now()) {
  const until = expiresAt(task, finishedAt);
  const expired = until.getTime() <= now && !isFailed(task.musicStatus);
  return {
    taskId: task.taskId,
    parentMusicId: "",
    param: task.param,
    response: { taskId: task.taskId, sunoData: expired ? [] : sunoItems(task, until) },
    status: task.musicStatus as MusicStatus,
    type: task.model,
    operationType: "upload_extend" as const,
    errorCode: task.errorCode,
    errorMessage: expired ? EXPIRED_MESSAGE(env().RESULT_RETENTION_DAYS) : task.errorMessage,
    expired,
  };
}

export function browserResults(task: TaskRow, finishedAt: Date | null, now = Date.now()) {
  const until = expiresAt(task, finishedAt);
  if (until.getTime() <= now) return [];
  return parseResults(task.results).map((item) => ({
    id: item.id,
    title: item.title,
    duration: item.duration,
    ...links(item, until, now),
  }));
}
