// Shapes of the account, key, team and admin requests: used by the route handlers, the browser
// forms and the tests alike.
import { z } from "zod";
import { EMAIL_MAX, INVITE_MAX_USES, PASSWORD_MIN } from "./account-limits";

export { EMAIL_MAX, INVITE_MAX_USES, PASSWORD_MIN };

// Too long fails before the email pattern runs: the pipe is skipped once the left side has issues.
export const emailSchema = z
  .string()
  .trim()
  .max(EMAIL_MAX, { error: `Use at most ${EMAIL_MAX} characters` })
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address" }));

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, { error: `Use at least ${PASSWORD_MIN} characters` })
  .max(200, { error: "Use at most 200 characters" })
  .refine((p) => /[a-zA-Z]/.test(p) && /[^a-zA-Z]/.test(p), {
    error: "Mix letters with digits or symbols",
  });

export const signUpSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, { error: "Enter your name" }).max(80),
  password: passwordSchema,
  /** Token from an invite link: the new account joins that team. */
  invite: z.string().min(1).max(200).optional(),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, { error: "Enter your password" }).max(200),
});

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, { error: "Give the key a name" }).max(60),
  /** ISO date-time; omitted = never expires. */
  expiresAt: z.iso
    .datetime({ offset: true, error: "Expiry must be an ISO date-time" })
    .refine((d) => new Date(d).getTime() > Date.now(), { error: "Expiry must be in the future" })
    .optional()
    .nullable(),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

export const createTeamSchema = z.object({
  name: z.string().trim().min(1, { error: "Give the team a name" }).max(60),
});

export const switchTeamSchema = z.object({ teamId: z.string().min(1) });

export const createInviteSchema = z.object({
  /** Days until the link stops working. */
  days: z.int().min(1).max(30).default(7),
  /** How many people may join with the link; one unless the owner says otherwise. */
  maxUses: z
    .int({ error: "Enter a whole number" })
    .min(1, { error: "Must be at least 1" })
    .max(INVITE_MAX_USES, { error: `Must be at most ${INVITE_MAX_USES}` })
    .default(1),
});

export const updateMemberSchema = z.object({ role: z.enum(["owner", "member"]) });

export const creditChangeSchema = z.object({
  /** Positive grants, negative deducts. */
  amount: z
    .int({ error: "Amount must be a whole number of credits" })
    .refine((n) => n !== 0, { error: "Amount cannot be zero" })
    .refine((n) => Math.abs(n) <= 100_000_000, { error: "Amount is too large" }),
  reason: z.string().trim().min(1, { error: "Say why" }).max(200),
});
export type CreditChangeInput = z.infer<typeof creditChangeSchema>;

export const updateUserSchema = z
  .object({ disabled: z.boolean().optional(), role: z.enum(["user", "admin"]).optional() })
  .refine((v) => v.disabled !== undefined || v.role !== undefined, { error: "Nothing to change" });

export const adminUserListSchema = z.object({
  q: z.string().trim().max(100).optional(),
  sort: z.enum(["email", "name", "balance", "held", "spent", "lastActiveAt", "createdAt"]).default("createdAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

export const localeSchema = z.object({ locale: z.enum(["en", "zh-CN"]) });
