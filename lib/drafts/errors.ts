// The draft API's typed errors: each carries the HTTP status and the exact `detail` text of
// specs/add-audios-api.md's error table (the draft dialect of lib/http/route.ts turns them into responses).
import { AppError } from "@/lib/errors";
export const DRAFT_ERRORS = {
  draftUrlRequired: [400, "draft_url是必填项"],
  audioInfosRequired: [400, "audio_infos是必填项"],
  audioInfosMalformed: [400, "audio_infos格式错误"],
  audioInvalid: [400, "音频配置验证失败"],
  audioUrlRequired: [400, "audio_url是必填项"],
  timeRangeInvalid: [400, "时间范围无效"],
  volumeInvalid: [400, "音量值无效"],
  draftNotFound: [404, "草稿不存在"],
  audioNotFound: [404, "音频资源不存在"],
  audioFailed: [500, "音频处理失败"],
  // add_captions (Mixdesk's extension of the dialect; the same {detail} form).
  captionsRequired: [400, "captions是必填项"],
  captionsMalformed: [400, "captions格式错误"],
  captionInvalid: [400, "字幕配置验证失败"],
  textRequired: [400, "text是必填项"],
  styleInvalid: [400, "字幕样式无效"],
  captionsFailed: [500, "字幕处理失败"],
} as const;

export type DraftErrorCode = keyof typeof DRAFT_ERRORS;

export class DraftError extends AppError {
  constructor(
    readonly code: DraftErrorCode,
    /** For logs only; the response carries the table's message. */
    cause?: unknown,
  ) {
    const [status, message] = DRAFT_ERRORS[code];
    super(status === 404 ? "not_found" : status >= 500 ? "internal" : "bad_request", message, undefined, { cause });
    this.name = "DraftError";
  }
}
