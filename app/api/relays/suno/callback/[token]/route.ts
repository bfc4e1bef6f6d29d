// POST /api/relays/suno/callback/<token> – a Suno-style upstream reports a relayed task (public:
// the token in the path is the check; unknown → 404). Answers at once, downloads nothing.
import { z } from "zod";
import { createRoute } from "@/lib/http/route";
import { acceptSunoCallback } from "@/lib/relays/suno/callback";

export const POST = createRoute({
  auth: "public",
  body: z.unknown(),
  maxBodyBytes: 512 * 1024,
  handler: async ({ params, body }) => {
    await acceptSunoCallback(String(params.token ?? ""), body);
    return Response.json({ code: 200, msg: "success" });
  },
});
