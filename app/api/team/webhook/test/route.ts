// POST /api/team/webhook/test – send a signed test event now and answer its delivery (owner).
import { withSession } from "@/lib/http/with-session";
import { sendTestEvent } from "@/lib/webhooks/team";

export const POST = withSession(async ({ user }) => sendTestEvent(user));
