// POST /api/short-video/<id>/separate – "Separate this music": a track-separation order from the saved audio.
import { json, withSession } from "@/lib/http/with-session";
import { separateMusic } from "@/lib/short-video/browser";

export const POST = withSession(async ({ user, params }) => json(await separateMusic({ userId: user.id, teamId: user.team.id }, params.id), 201));
