// The extend form's rules and the music API's response shapes, all taken from the server: the
// contract (lib/contracts/music.ts), the same validator the route runs (lib/music/validate.ts,
// pure), and `import type` of the services' return values so nothing here can drift.
import { MUSIC_FAILED, type MusicModel } from "@/lib/contracts/music";
import { MusicError } from "@/lib/music/errors";
import { checkAgainstAudio, validateUploadExtend } from "@/lib/music/validate";
import type { listTasks, quote, taskDetail } from "@/lib/music/service";
import type { uploadFromUrl, uploadPeaks } from "@/lib/storage/from-url";
import type { getTeamWebhook } from "@/lib/webhooks/team";

/** The models the document lists; the server also accepts later names for API clients. */
export const FORM_MODELS = ["V3_5", "V4", "V4_5", "V4_5PLUS", "V5"] as const satisfies readonly MusicModel[];
export type FormModel = (typeof FORM_MODELS)[number];

export { isLiveStatus } from "./live-status";
export const isFailedStatus = (s: string | undefined) => !!s && (MUSIC_FAILED as readonly string[]).includes(s);

/** What the form sends to POST /api/music/tasks (the upload-extend body; uploadUrl is `upload:<id>`). */
export type ExtendBody = {
  uploadUrl: string;
  model: FormModel;
  defaultParamFlag: boolean;
  instrumental: boolean;
  prompt?: string;
  style?: string;
  title?: string;
  continueAt?: number;
  negativeTags?: string;
  vocalGender?: "m" | "f";
  styleWeight?: number;
  weirdnessConstraint?: number;
  audioWeight?: number;
  callBackUrl?: string;
};

export type ExtendProblem = { field: string; message: string; tooLong: boolean };

function firstProblem(body: Record<string, unknown>, durationSec: number | null): ExtendProblem | null {
  try {
    const input = validateUploadExtend(body);
    // The length cap is the server's configuration; only continueAt is checked here.
    if (durationSec !== null) checkAgainstAudio(input, durationSec, Infinity);
    return null;
  } catch (error) {
    if (!(error instanceof MusicError)) throw error;
    return { field: error.field ?? "", message: error.message, tooLong: error.code === 413 };
  }
}

/** Every problem the server's checks find, in its order. The server stops at the first one, so
 * each found field is stood in for by an accepted value and the checks run again. */
export function checkExtend(body: ExtendBody, durationSec: number | null): ExtendProblem[] {
  const problems: ExtendProblem[] = [];
  let probe: Record<string, unknown> = { ...body };
  for (let i = 0; i < 16; i++) {
    const p = firstProblem(probe, durationSec);
    if (!p || problems.some((q) => q.field === p.field)) break;
    problems.push(p);
    const standIn =
      p.field === "uploadUrl" ? "upload:x" : ["prompt", "style", "title"].includes(p.field) ? "x" : undefined;
    probe = { ...probe, [p.field]: standIn };
  }
  return problems;
}

/** A JSON response as the browser receives it: dates are ISO strings. */
type Wire<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;
type Answer<F extends (...args: never[]) => unknown> = Wire<Awaited<ReturnType<F>>>;

export type MusicTaskList = Answer<typeof listTasks>;
export type MusicTaskSummary = MusicTaskList["tasks"][number];
export type MusicTaskAnswer = Answer<typeof taskDetail>;
export type MusicTaskDetail = MusicTaskAnswer["task"];
export type MusicResult = MusicTaskDetail["results"][number];
export type Delivery = MusicTaskDetail["deliveries"][number];
export type MusicQuote = Answer<typeof quote>;
export type FromUrlUpload = Answer<typeof uploadFromUrl>;
export type Peaks = Answer<typeof uploadPeaks>;
export type TeamWebhook = Answer<typeof getTeamWebhook>;
