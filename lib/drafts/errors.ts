// The draft API's typed errors: each carries the HTTP status and the exact `detail` text of
// specs/add-audios-api.md's error table (with-draft-api.ts turns them into responses).
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
} as const;

export type DraftErrorCode = keyof typeof DRAFT_ERRORS;

export class DraftError extends Error {
  readonly status: number;
  constructor(
    readonly code: DraftErrorCode,
    /** For logs only; the response carries the table's message. */
    readonly cause?: unknown,
  ) {
    super(DRAFT_ERRORS[code][1]);
    this.name = "DraftError";
    this.status = DRAFT_ERRORS[code][0];
  }
}
