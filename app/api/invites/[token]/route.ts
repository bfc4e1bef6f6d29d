// GET /api/invites/:token – what an invite link is for (no sign-in needed).
import { withPublic } from "@/lib/http/with-session";
import { inviteInfo } from "@/lib/teams/service";

export const GET = withPublic(async ({ params }) => inviteInfo(params.token));
