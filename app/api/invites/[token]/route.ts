// GET /api/invites/:token – what an invite link is for (no sign-in needed).
import { createRoute } from "@/lib/http/route";
import { inviteInfo } from "@/lib/teams/service";

export const GET = createRoute({ auth: "public", handler: ({ params }) => inviteInfo(params.token) });
