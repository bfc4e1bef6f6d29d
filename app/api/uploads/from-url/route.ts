// POST /api/uploads/from-url {url} – fetch a link into an upload of the team and measure it.
import { fromUrlSchema } from "@/lib/contracts/music";
import { createRoute } from "@/lib/http/route";
import { uploadFromUrl } from "@/lib/storage/from-url";

export const POST = createRoute({
  auth: "session",
  body: fromUrlSchema,
  status: 201,
  handler: ({ body, user }) => uploadFromUrl({ userId: user.id, teamId: user.team.id }, body.url),
});
