// GET /api/library?q=&kind=&cursor=&limit= – the team's media library, newest first (cursor paging).
import { createRoute } from "@/lib/http/route";
import { libraryQuerySchema, listLibrary } from "@/lib/library/service";

export const GET = createRoute({
  auth: "session",
  query: libraryQuerySchema,
  handler: ({ user, query }) => listLibrary({ userId: user.id, teamId: user.team.id }, query),
});
