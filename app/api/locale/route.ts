// POST /api/locale – remember the chosen interface language in a cookie.
import { localeSchema } from "@/lib/contracts/account";
import { createRoute } from "@/lib/http/route";

export const POST = createRoute({
  auth: "public",
  body: localeSchema,
  handler: ({ body }) =>
    new Response(null, {
      status: 204,
      headers: { "set-cookie": `NEXT_LOCALE=${body.locale}; Path=/; Max-Age=31536000; SameSite=Lax` },
    }),
});
