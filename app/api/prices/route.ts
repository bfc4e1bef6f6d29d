// GET /api/prices – the price of each order type, for estimates in the browser.
import { withSession } from "@/lib/http/with-session";
import { listPrices } from "@/lib/orders/pricing";

export const GET = withSession(async () => ({ prices: await listPrices() }));
