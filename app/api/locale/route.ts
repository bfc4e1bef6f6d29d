// POST /api/locale – remember the chosen interface language in a cookie.
import { localeSchema } from "@/lib/contracts/account";
import { withPublic } from "@/lib/http/with-session";

export const POST = withPublic(
  async ({ body }) =>
    new Response(null, {
      status: 204,
      headers: { "set-cookie": `NEXT_LOCALE=${body.locale}; Path=/; Max-Age=31536000; SameSite=Lax` },
    }),
  { body: localeSchema },
);
