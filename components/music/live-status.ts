// Whether a music task may still change, apart from rules.ts (which loads the zod contracts): the
// shared query options poll with it on every page.
const LIVE: readonly string[] = ["PENDING", "TEXT_SUCCESS", "FIRST_SUCCESS"];
export const isLiveStatus = (s: string | undefined) => s === undefined || LIVE.includes(s);
