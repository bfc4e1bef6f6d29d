// GET /api/library/usages?ref=<MediaRef> – what uses a library item (orders, drafts, Studio projects),
// shown before deleting it.
import { createRoute } from "@/lib/http/route";
import { libraryUsages } from "@/lib/library/manage";
import { libraryRefSchema } from "@/lib/library/service";

export const GET = createRoute({
  auth: "session",
  query: libraryRefSchema,
  handler: ({ user, query }) => libraryUsages({ userId: user.id, teamId: user.team.id }, query.ref),
});
