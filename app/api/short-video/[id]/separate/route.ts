// POST /api/short-video/<id>/separate – "Separate this music": a track-separation order from the saved audio.
import { createRoute } from "@/lib/http/route";
import { separateMusic } from "@/lib/short-video/browser";

export const POST = createRoute({
  auth: "session",
  status: 201,
  handler: ({ user, params }) => separateMusic({ userId: user.id, teamId: user.team.id }, params.id),
});
