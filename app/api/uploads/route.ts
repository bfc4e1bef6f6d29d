// POST /api/uploads – upload a media file (multipart field `file`); answers its pathKey.
import { createRoute } from "@/lib/http/route";
import { saveUpload } from "@/lib/storage/uploads";

export const POST = createRoute({
  auth: "session",
  rawBody: true,
  status: 201,
  handler: ({ req, user }) => saveUpload(req, { userId: user.id, teamId: user.team.id }),
});
