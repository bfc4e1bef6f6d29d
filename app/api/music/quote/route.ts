// GET /api/music/quote?model=V4_5 – the price of a music task and the user's balance.
import { musicQuoteQuerySchema } from "@/lib/contracts/music";
import { withSession } from "@/lib/http/with-session";
import { quote } from "@/lib/music/service";

export const GET = withSession(async ({ query, user }) => quote(user.id, query.model), { query: musicQuoteQuerySchema });
