// Orders as the Open API and the browser see them: create (hold the base price), query (capture on
// the first query after finish), the team's history and its CSV export.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { hold } from "@/lib/billing/ledger";
import { isFailureCode, parseFailureParams } from "@/lib/contracts/failure";
import {
  type CreateOrderInput,
  ORDER_TYPES,
  type OrderListQuery,
  type OrderType,
  UPLOAD_PREFIX,
} from "@/lib/contracts/orders";
import type { KeyedRead, KeyedShape } from "@/lib/auth/api-keys";
import { db, isUniqueViolation, type Tx, textContains } from "@/lib/db";
import { asDate, asNumber, directRows, directValues } from "@/lib/db-direct";
import { AppError, badRequest } from "@/lib/errors";
import { orderQueued } from "@/lib/jobs/enqueue";
import { captureFinishedOrder } from "@/lib/orders/capture";
import { downloadName, orderTitle, titleFromSource } from "@/lib/orders/download-name";
import { newOrderNo } from "@/lib/orders/order-no";
import { priceOf } from "@/lib/orders/pricing";
import { signedFileUrl } from "@/lib/storage/files";
import type { MediaRef } from "@/lib/studio/types";
import { inlineTranscriptText } from "@/lib/transcripts/files";

export const ORDER_NOT_FOUND = "Order not found";

export type Actor = { userId: string; teamId: string };

type OrderRow = NonNullable<Awaited<ReturnType<typeof findTeamOrder>>>;

const requestHash = (input: CreateOrderInput) =>
  createHash("sha256")
    .update(JSON.stringify([input.orderType, input.stuff.pathKey]))
    .digest("hex");

export function createView(o: { orderNo: string; type: string; status: string; payStatus: string; messageId: string }) {
  return {
    orderNo: o.orderNo,
    orderType: o.type as OrderType,
    orderStatus: o.status,
    payStatus: o.payStatus,
    messageId: o.messageId,
  };
}

/** The upload's file name when pathKey names one of the team's uploads (400 when it names none). */
async function checkUpload(actor: Actor, pathKey: string): Promise<string | null> {
  if (!pathKey.startsWith(UPLOAD_PREFIX)) return null;
  const upload = await db.upload.findFirst({
    where: { id: pathKey.slice(UPLOAD_PREFIX.length), teamId: actor.teamId },
  });
  if (!upload) throw badRequest("pathKey refers to an upload that does not exist");
  return upload.filename;
}

/** Browser-only options of an order (never in the Open API): the work's title. */
export type CreateOrderOptions = { title?: string | null };

export async function createOrder(
  actor: Actor,
  input: CreateOrderInput,
  idempotencyKey?: string | null,
  options: CreateOrderOptions = {},
) {
  const key = idempotencyKey?.trim() || null;
  if (key && key.length > 200) throw badRequest("Idempotency-Key is too long (200 characters at most)");
  const hash = requestHash(input);
  if (key) {
    const existing = await db.order.findUnique({
      where: { userId_idempotencyKey: { userId: actor.userId, idempotencyKey: key } },
    });
    if (existing) return sameRequest(existing, hash);
  }
  const uploadName = await checkUpload(actor, input.stuff.pathKey);
  const title = options.title?.trim() || titleFromSource(input.stuff.pathKey, uploadName);
  const price = await priceOf(input.orderType);
  const orderNo = newOrderNo();
  try {
    const order = await db.$transaction(
      async (tx) => {
        if (price.baseCredits > 0) {
          await hold(
            {
              userId: actor.userId,
              amount: price.baseCredits,
              idempotencyKey: `order:${orderNo}:hold`,
              ref: `order:${orderNo}`,
              reason: "Order created",
            },
            tx,
          );
        }
        return tx.order.create({
          data: {
            orderNo,
            userId: actor.userId,
            teamId: actor.teamId,
            type: input.orderType,
            pathKey: input.stuff.pathKey,
            title,
            messageId: randomUUID(),
            holdAmount: price.baseCredits,
            idempotencyKey: key,
            requestHash: hash,
          },
        });
      },
      { maxWait: 30_000, timeout: 30_000 },
    );
    await orderQueued(order.id);
    return createView(order);
  } catch (error) {
    // Two requests with one Idempotency-Key raced: the other one made the order.
    if (key && isUniqueViolation(error)) {
      const existing = await db.order.findUnique({
        where: { userId_idempotencyKey: { userId: actor.userId, idempotencyKey: key } },
      });
      if (existing) return sameRequest(existing, hash);
    }
    throw error;
  }
}

function sameRequest(existing: { requestHash: string | null } & Parameters<typeof createView>[0], hash: string) {
  if (existing.requestHash !== hash) {
    throw badRequest("Idempotency-Key was already used with a different request");
  }
  return createView(existing);
}

// An order's results as the API lists them: the ones retention has not removed, by name.
const liveFiles = { where: { deletedAt: null }, orderBy: { name: "desc" } } as const;

function findTeamOrder(teamId: string, orderNo: string) {
  return db.order.findFirst({
    where: { orderNo, teamId },
    include: {
      files: liveFiles,
      user: { select: { id: true, name: true, email: true } },
    },
  });
}

/** Captures the held credits of a finished order, once, however many queries race. */
async function captureFinished(order: OrderRow) {
  await db.$transaction((tx: Tx) => captureFinishedOrder(tx, order), { maxWait: 30_000, timeout: 30_000 });
}

/** The team's order; a finished one is charged here if it was not yet (the first look after finish). */
async function loadAndSettle(actor: Actor, orderNo: string, missing: AppError) {
  const order = await findTeamOrder(actor.teamId, orderNo);
  if (!order) throw missing;
  if (order.status !== "finish" || order.payStatus !== "waiting") return order;
  await captureFinished(order);
  return (await findTeamOrder(actor.teamId, orderNo))!;
}

const queryFields = {
  id: true,
  orderNo: true,
  userId: true,
  type: true,
  status: true,
  payStatus: true,
  cost: true,
  reason: true,
  progress: true,
  holdAmount: true,
} as const;

// The polled reads go straight to the driver (lib/db-direct.ts): same columns, same order (queryRowOf
// reads them by position).
const QUERY_COLUMNS = [
  "id",
  "orderNo",
  "userId",
  "type",
  "status",
  "payStatus",
  "cost",
  "reason",
  "progress",
  "holdAmount",
] as const;

type QueryRow = {
  id: string;
  orderNo: string;
  userId: string;
  type: string;
  status: string;
  payStatus: string;
  cost: number;
  reason: string | null;
  progress: number;
  holdAmount: number;
};

/** The query's columns from a driver row, where they start at `at` in QUERY_COLUMNS' order. */
function queryRowOf(v: readonly unknown[], at = 0): QueryRow | null {
  if (v[at] === null || v[at] === undefined) return null;
  const reason = v[at + 7];
  return {
    id: String(v[at]),
    orderNo: String(v[at + 1]),
    userId: String(v[at + 2]),
    type: String(v[at + 3]),
    status: String(v[at + 4]),
    payStatus: String(v[at + 5]),
    cost: asNumber(v[at + 6]),
    reason: reason === null || reason === undefined ? null : String(reason),
    progress: asNumber(v[at + 8]),
    holdAmount: asNumber(v[at + 9]),
  };
}

async function findQueryRow(orderNo: string, teamId: string) {
  const [r] = await directValues(
    `SELECT ${QUERY_COLUMNS.map((c) => `"${c}"`).join(", ")} FROM "Order" WHERE "orderNo" = ? AND "teamId" = ?`,
    [orderNo, teamId],
  );
  return r ? queryRowOf(r) : null;
}

/**
 * The order an Open API query names, read in the key lookup's statement (createRoute's `keyed`):
 * joined on the key's own team, so a key never sees another team's order.
 */
export function queriedOrder(orderNo: string): KeyedRead<QueryRow> {
  return { shape: QUERIED_ORDER, params: [orderNo], read: readQueriedOrder };
}
const QUERIED_ORDER: KeyedShape = {
  columns: QUERY_COLUMNS.map((c) => `o."${c}" AS "o_${c}"`).join(", "),
  join: `LEFT JOIN "Order" o ON o."orderNo" = ? AND o."teamId" = k."teamId"`,
};
const readQueriedOrder = (values: readonly unknown[], at: number) => queryRowOf(values, at);

async function findLiveFiles(orderId: string) {
  const rows = await directRows(
    `SELECT "id", "name", "business", "path", "createdAt" FROM "OrderFile"
     WHERE "orderId" = ? AND "deletedAt" IS NULL ORDER BY "name" DESC`,
    [orderId],
  );
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    business: String(r.business),
    path: String(r.path),
    createdAt: asDate(r.createdAt) ?? undefined,
  }));
}

/**
 * The Open API's order query, the hottest request there is: while the order runs, the order is
 * read in the key lookup's own statement (`prefetched`, see queriedOrder), so the request costs one
 * statement; its files once it finished, and the capture's transaction only on the first look
 * after finish. Without `prefetched` the order is read here. The balance is the one the key lookup
 * just read (a capture moves credits from held to spent, never the available balance); `balance`
 * undefined reads it.
 */
export async function queryOrder(actor: Actor & { balance?: number }, orderNo: string, prefetched?: QueryRow | null) {
  const found = prefetched !== undefined ? prefetched : await findQueryRow(orderNo, actor.teamId);
  // Music API tasks (upload-extend) are orders inside but not in this spec: record-info shows them.
  if (!found || !(ORDER_TYPES as readonly string[]).includes(found.type))
    throw new AppError("bad_request", ORDER_NOT_FOUND);
  let order = found;
  if (order.status === "finish" && order.payStatus === "waiting") {
    await db.$transaction((tx: Tx) => captureFinishedOrder(tx, order), { maxWait: 30_000, timeout: 30_000 });
    order = await db.order.findUniqueOrThrow({ where: { id: order.id }, select: queryFields });
  }
  const files = order.status === "finish" ? await findLiveFiles(order.id) : [];
  const balance =
    actor.balance ??
    (await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { balance: true } })).balance;
  // Mixdesk extension: the transcript inline, so a Coze/n8n flow needs no second download.
  const text =
    order.type === "extract-text" && order.status === "finish" ? await inlineTranscriptText(order.id, files) : null;
  // Built field by field: spreading the row and the view (V8 copies spread objects slowly and they
  // made the polled query's young-generation collections several times dearer) is avoided here.
  const view = queryView({
    orderNo: order.orderNo,
    type: order.type,
    status: order.status,
    cost: order.cost,
    reason: order.reason,
    progress: order.progress,
    payStatus: order.payStatus,
    files,
  });
  return text !== null ? Object.assign(view, { text, balance }) : Object.assign(view, { balance });
}

type QueryViewRow = Pick<OrderRow, "orderNo" | "type" | "status" | "cost" | "reason" | "progress" | "payStatus"> & {
  files: Pick<OrderRow["files"][number], "name" | "business" | "path">[];
};

export function queryView(order: QueryViewRow) {
  return {
    orderNo: order.orderNo,
    orderType: order.type as OrderType,
    status: order.status,
    cost: order.cost,
    reason: order.reason,
    stuffs:
      order.status === "finish"
        ? order.files.map((f) => ({ name: f.name, business: f.business, url: signedFileUrl(f.path) }))
        : [],
    progress: order.progress,
    payStatus: order.payStatus,
  };
}

/** The browser's view of one order: the query view plus who, when and the price so far. Viewing a
 * finished order in the browser counts as querying it, as in the API. */
/** `admin`: the viewer administers this install and may see which upstream served an order; team
 * members see no difference between a relayed order and a local one (only quality and time). */
export async function orderDetail(actor: Actor & { admin?: boolean }, orderNo: string) {
  const order = await loadAndSettle(actor, orderNo, new AppError("not_found", ORDER_NOT_FOUND));
  const view = queryView(order);
  return {
    ...view,
    title: orderTitle(order),
    /** The stored title (null = none given; the page then shows the order number). */
    customTitle: order.title,
    // The browser also gets each result's library ref ("Open in Studio" places it by that ref) and
    // its download under the work's name; the Open API answer keeps the spec's shape.
    stuffs: view.stuffs.map((s, i) => {
      const name = downloadName(order, order.files[i]);
      return {
        ...s,
        ref: `file:${order.files[i].id}` as MediaRef,
        downloadName: name,
        downloadUrl: `${s.url}&download=1&name=${encodeURIComponent(name)}`,
      };
    }),
    // Why it failed, as a code the page translates (the English `reason` is the Open API's).
    failure: isFailureCode(order.reasonCode)
      ? { code: order.reasonCode, params: parseFailureParams(order.reasonParams) }
      : null,
    stage: order.stage,
    held: order.payStatus === "waiting" ? order.holdAmount : 0,
    durationSec: order.durationSec,
    /** Which engine produced the results (dsp-v2, onnx:<model>@<hash8>); null before it ran. */
    engine: order.engine?.startsWith("relay:") && !actor.admin ? null : order.engine,
    pathKey: order.pathKey,
    createdAt: order.createdAt,
    startedAt: order.startedAt,
    finishedAt: order.finishedAt,
    user: order.user,
  };
}

function listWhere(teamId: string, q: Omit<OrderListQuery, "page" | "pageSize">) {
  return {
    teamId,
    ...(q.type ? { type: q.type } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.member ? { userId: q.member } : {}),
    ...(q.q ? { OR: [{ orderNo: textContains(q.q) }, { title: textContains(q.q) }] } : {}),
    ...(q.from || q.to
      ? {
          createdAt: {
            ...(q.from ? { gte: new Date(`${q.from}T00:00:00Z`) } : {}),
            ...(q.to ? { lt: new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
          },
        }
      : {}),
  };
}

const listSelect = {
  orderNo: true,
  title: true,
  type: true,
  status: true,
  payStatus: true,
  cost: true,
  holdAmount: true,
  progress: true,
  reason: true,
  durationSec: true,
  createdAt: true,
  finishedAt: true,
  user: { select: { id: true, name: true, email: true } },
} as const;

export async function listOrders(teamId: string, q: OrderListQuery) {
  const where = listWhere(teamId, q);
  const [rows, total] = await Promise.all([
    db.order.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      select: listSelect,
    }),
    db.order.count({ where }),
  ]);
  return { orders: rows, total, page: q.page, pageSize: q.pageSize };
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v);
  // Quote always; neutralise spreadsheet formulas.
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};

/** The filtered history as CSV (all pages), newest first. */
export async function exportOrdersCsv(teamId: string, q: Omit<OrderListQuery, "page" | "pageSize">) {
  const rows = await db.order.findMany({
    where: listWhere(teamId, q),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: listSelect,
    take: 50_000,
  });
  const header = [
    "orderNo",
    "title",
    "type",
    "status",
    "payStatus",
    "cost",
    "durationSec",
    "member",
    "email",
    "createdAt",
    "finishedAt",
    "reason",
  ];
  const lines = rows.map((r) =>
    [
      r.orderNo,
      r.title ?? "",
      r.type,
      r.status,
      r.payStatus,
      r.cost,
      r.durationSec ?? "",
      r.user.name,
      r.user.email,
      r.createdAt,
      r.finishedAt,
      r.reason,
    ]
      .map(csvCell)
      .join(","),
  );
  return `${[header.join(","), ...lines].join("\r\n")}\r\n`;
}

/** Renames an order of the team (the browser's title; the Open API never shows it). */
export async function renameOrder(actor: Actor, orderNo: string, title: string) {
  const clean = title.trim();
  const { count } = await db.order.updateMany({
    where: { orderNo, teamId: actor.teamId },
    data: { title: clean || null },
  });
  if (count === 0) throw new AppError("not_found", ORDER_NOT_FOUND);
  return { orderNo, title: orderTitle({ orderNo, title: clean }), customTitle: clean || null };
}
