// POST /api/team/webhook/test – send a signed test event now and answer its delivery (owner).
import { createRoute } from "@/lib/http/route";
import { sendTestEvent } from "@/lib/webhooks/team";

export const POST = createRoute({ auth: "session", handler: ({ user }) => sendTestEvent(user) });
