// Order types, statuses and the source rule without zod, for client code that must stay small (New
// order validates as you type with these, the orders table lists them; the server parses with
// lib/contracts/orders.ts, which uses them): importing orders.ts would put zod in a first load.
export const ORDER_TYPES = ["track-separation", "extract-voice", "extract-music", "extract-text"] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export const ORDER_STATUSES = ["pending", "processing", "finish", "failed", "timeout"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const UPLOAD_PREFIX = "upload:";

/** A library item the browser may start an order from (it becomes an upload first unless it is one). */
export const LIBRARY_REF = /^(upload|file|material):[A-Za-z0-9_-]{1,64}$/;
export const HTTP_LINK = /^https?:\/\/[^\s]+$/i;

/** Why a browser order source is not usable, as a message key of `files.order`, or null when it is. */
export function sourceProblem(raw: string): "sourceRequired" | "sourceTooLong" | "sourceInvalid" | null {
  const v = raw.trim();
  if (!v) return "sourceRequired";
  if (v.length > 4096) return "sourceTooLong";
  if (!LIBRARY_REF.test(v) && !HTTP_LINK.test(v)) return "sourceInvalid";
  try {
    if (HTTP_LINK.test(v)) new URL(v);
  } catch {
    return "sourceInvalid";
  }
  return null;
}
