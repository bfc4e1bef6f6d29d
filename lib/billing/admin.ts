// Administrator credit changes (the listing is in history.ts).
import "server-only";
import { adjust, grant } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { CreditChangeInput } from "@/lib/contracts/account";

export async function adminChangeCredits(
  input: CreditChangeInput & { actorId: string; userId: string; idempotencyKey: string },
) {
  const req = {
    userId: input.userId,
    amount: input.amount,
    reason: input.reason,
    actorId: input.actorId,
    idempotencyKey: `admin:${input.idempotencyKey}`,
  };
  try {
    const entry = input.amount > 0 ? await grant(req) : await adjust(req);
    const user = await db.user.findUniqueOrThrow({
      where: { id: input.userId },
      select: { id: true, balance: true, held: true, spent: true },
    });
    return { user, entry };
  } catch (error) {
    if (error instanceof AppError && error.kind === "insufficient_credits") {
      throw new AppError("bad_request", error.message, { amount: error.message });
    }
    throw error;
  }
}
