// POST /api/short-video/<id>/save – "Save to my files": the video and its audio track become uploads (upload:<id>).
import { createRoute } from "@/lib/http/route";
import { saveToFiles } from "@/lib/short-video/browser";

export const POST = createRoute({
  auth: "session",
  handler: async ({ user, params }) => ({
    parse: await saveToFiles({ userId: user.id, teamId: user.team.id }, params.id),
  }),
});
