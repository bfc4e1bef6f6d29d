// GET /api/open/v1/account/balance – Mixdesk extension to the Open API: the key's user's credits.
import { db } from "@/lib/db";
import { openOk, withOpenApi } from "@/lib/http/with-open-api";

export const GET = withOpenApi(async ({ principal }) => {
  const u = await db.user.findUniqueOrThrow({ where: { id: principal.user.id }, select: { balance: true, held: true } });
  return openOk({ balance: u.balance, held: u.held, team: principal.team.name });
});
