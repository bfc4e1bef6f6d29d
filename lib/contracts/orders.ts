// The Open API v1 order contract (specs/yinzi-open-api-v1.md), plus the browser's order routes.
// Messages are the spec's where it has them.
import { z } from "zod";

import {
  HTTP_LINK,
  LIBRARY_REF,
  ORDER_STATUSES,
  ORDER_TYPES,
  type OrderStatus,
  type OrderType,
  UPLOAD_PREFIX,
} from "@/lib/contracts/order-types";

export { ORDER_STATUSES, ORDER_TYPES, type OrderStatus, type OrderType, UPLOAD_PREFIX };
/** Price keys: every order type plus `short-video` (base credits per parse; per-minute unused) and
 * `upload-extend` (Music API: base credits per task + per started minute of the uploaded audio). */
export const PRICE_KEYS = [...ORDER_TYPES, "short-video", "upload-extend"] as const;
export type PriceKey = (typeof PRICE_KEYS)[number];
export const PAY_STATUSES = ["waiting", "paid", "released"] as const;

/** The Open API's message (sic) when a balance cannot cover a hold. */
export const BALANCE_NOT_ENOUGH = "ErrorCode.USER_BLANCE_NOT_ENOUGH";

export const orderTypeSchema = z.enum(ORDER_TYPES, {
  error: (issue) =>
    issue.input === undefined ? "orderType is required" : `orderType must be one of ${ORDER_TYPES.join(", ")}`,
});

export const pathKeySchema = z
  .string({ error: (issue) => (issue.input == null ? "pathKey is required" : "pathKey must be a string") })
  .trim()
  .min(1, { error: "pathKey is required" })
  .max(4096, { error: "pathKey is too long" })
  .refine((v) => v.startsWith(UPLOAD_PREFIX) || /^https?:\/\/[^\s]+$/i.test(v), {
    error: "pathKey must be an http(s) link or an uploaded file (upload:<id>)",
  });

export const createOrderSchema = z.object(
  {
    orderType: orderTypeSchema,
    stuff: z.object({ pathKey: pathKeySchema }, { error: "pathKey is required" }),
  },
  { error: "Request body must be a JSON object" },
);
export type CreateOrderInput = z.infer<typeof createOrderSchema>;

export const queryOrderSchema = z.object({
  orderNo: z
    .string({ error: (issue) => (issue.input == null ? "orderNo is required" : "orderNo must be a string") })
    .trim()
    .min(1, { error: "orderNo is required" })
    .max(64),
});

export const createOrderResponse = z.object({
  orderNo: z.string(),
  orderType: z.enum(ORDER_TYPES),
  orderStatus: z.enum(ORDER_STATUSES),
  payStatus: z.enum(PAY_STATUSES),
  messageId: z.string(),
});

export const stuffSchema = z.object({
  name: z.string(),
  business: z.string(),
  url: z.url().describe("Download link, valid for 1 hour"),
});

export const queryOrderResponse = z.object({
  orderNo: z.string(),
  orderType: z.enum(ORDER_TYPES),
  status: z.enum(ORDER_STATUSES),
  cost: z.int(),
  reason: z.string().nullable(),
  stuffs: z.array(stuffSchema),
  balance: z.int(),
  /** Mixdesk extensions. */
  progress: z.number().min(0).max(1),
  payStatus: z.enum(PAY_STATUSES),
  /** Mixdesk extension, extract-text only: transcript.txt inline once finished. */
  text: z.string().optional().meta({
    description:
      "extract-text orders once finished: the transcript (transcript.txt, the latest corrected version) inline, up to 100,000 characters, so a flow needs no second download (Mixdesk extension).",
  }),
});

export const envelope = <T extends z.ZodType>(data: T) => z.object({ code: z.int(), data, msg: z.string() });

/** A history filter day. Bounded so that "to" + 1 day stays a date every database can store. */
const historyDate = z.iso
  .date({ error: "Use a date like 2026-01-31" })
  .refine((d) => d >= "1970-01-01" && d <= "9998-12-31", { error: "Use a date between 1970-01-01 and 9998-12-31" });

export const orderListSchema = z.object({
  type: z.enum(ORDER_TYPES).optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  member: z.string().optional(),
  q: z.string().trim().max(64).optional(),
  from: historyDate.optional(),
  to: historyDate.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type OrderListQuery = z.infer<typeof orderListSchema>;

export const priceSchema = z.object({
  orderType: z.enum(PRICE_KEYS),
  baseCredits: z.int().min(0, { error: "Must be 0 or more" }).max(1_000_000),
  perMinuteCredits: z.int().min(0, { error: "Must be 0 or more" }).max(1_000_000),
});
export const updatePricesSchema = z.object({ prices: z.array(priceSchema).min(1) });

/** The browser's name of an order (internal: never part of the Open API). */
export const orderTitleSchema = z.string().trim().max(120, { error: "At most 120 characters" });
/** The browser's create body: the Open API body plus an optional title; the source may also be any
 * library item (`file:`/`material:` become an upload first). */
export const browserCreateOrderSchema = z.object({
  orderType: orderTypeSchema,
  stuff: z.object({
    pathKey: z
      .string()
      .trim()
      .min(1, { error: "Choose a file or paste a link" })
      .max(4096, { error: "The link is too long" })
      .refine((v) => LIBRARY_REF.test(v) || HTTP_LINK.test(v), {
        error: "Use an http(s) link or a file from the library",
      }),
  }),
  title: orderTitleSchema.optional(),
});
export const renameOrderSchema = z.object({ title: orderTitleSchema });
