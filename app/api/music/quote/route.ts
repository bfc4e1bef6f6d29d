// GET /api/music/quote?model=V4_5 – the price of a music task and the user's balance.
import { musicQuoteQuerySchema } from "@/lib/contracts/music";
import { createRoute } from "@/lib/http/route";
import { quote } from "@/lib/music/service";

export const GET = createRoute({
  auth: "session",
  query: musicQuoteQuerySchema,
  handler: ({ query, user }) => quote(user.id, query.model),
});
