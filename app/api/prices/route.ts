// GET /api/prices – the price of each order type, for estimates in the browser.
import { createRoute } from "@/lib/http/route";
import { listPrices } from "@/lib/orders/pricing";

export const GET = createRoute({ auth: "session", handler: async () => ({ prices: await listPrices() }) });
