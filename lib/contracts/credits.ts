// Shapes of the credit history, admin ledger, usage and account-password requests: used by the
// route handlers, the browser forms and the tests alike.
import { z } from "zod";
import { passwordSchema } from "./account";

import { LEDGER_KINDS } from "./ledger-kinds";

export { LEDGER_KINDS };

/** A filter day (UTC, like the order history's). Bounded so that "to" + 1 day stays a storable date. */
export const filterDay = z.iso
  .date({ error: "Use a date like 2026-01-31" })
  .refine((d) => d >= "1970-01-01" && d <= "9998-12-31", { error: "Use a date between 1970-01-01 and 9998-12-31" });

/** A user's own history: newest first; `monthStart` (ISO date-time, the browser's local month start) sets "this month". */
export const myCreditsSchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  monthStart: z.iso.datetime({ offset: true }).optional(),
});
export type MyCreditsQuery = z.infer<typeof myCreditsSchema>;

export const ledgerFilterSchema = z.object({
  userId: z.string().max(100).optional(),
  kind: z.enum(LEDGER_KINDS).optional(),
  from: filterDay.optional(),
  to: filterDay.optional(),
});
export type LedgerFilter = z.infer<typeof ledgerFilterSchema>;

export const ledgerListSchema = ledgerFilterSchema.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type LedgerListQuery = z.infer<typeof ledgerListSchema>;

/** Admin usage: a range of UTC days, at most about a year. */
export const usageQuerySchema = z
  .object({ from: filterDay, to: filterDay })
  .refine((q) => q.from <= q.to, { error: "The start must not be after the end", path: ["to"] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    error: "Choose at most 366 days",
    path: ["from"],
  });
export type UsageQuery = z.infer<typeof usageQuerySchema>;

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, { error: "Enter your current password" }).max(200),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

/** An admin's reset: a password they chose, or none for a random one shown once. */
export const resetPasswordSchema = z.object({ password: passwordSchema.optional() });
