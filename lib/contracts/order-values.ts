// Order types and statuses without zod, for client components that only list them (the orders
// table's filters): importing them from orders.ts would put zod in that page's first load.
export const ORDER_TYPES = ["track-separation", "extract-voice", "extract-music", "extract-text"] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export const ORDER_STATUSES = ["pending", "processing", "finish", "failed", "timeout"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
