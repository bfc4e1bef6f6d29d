// GET /api/library/item?ref=<MediaRef> – one library item of the team, its duration measured if unknown.
import { createRoute } from "@/lib/http/route";
import { libraryItem, libraryRefSchema } from "@/lib/library/service";

export const GET = createRoute({
  auth: "session",
  query: libraryRefSchema,
  handler: ({ user, query }) => libraryItem({ userId: user.id, teamId: user.team.id }, query.ref),
});
