// The account limits as plain numbers, apart from the zod schemas in account.ts: the browser's
// error-text mapping (on every page) needs them without loading zod.
export const PASSWORD_MIN = 10;
/** RFC 5321's limit on a forward path; longer is never a real address. */
export const EMAIL_MAX = 254;
export const INVITE_MAX_USES = 100;
