// Query-key factories and query options for every read the UI makes.
import { queryOptions } from "@tanstack/react-query";
import { getJson, search } from "./api";
import type {
  AdminUserPage,
  ApiKey,
  DraftDetail,
  DraftSummary,
  InvitePreview,
  LedgerPage,
  Me,
  OrderDetail,
  OrderPage,
  Price,
  ShortVideoParse,
  TeamDetails,
} from "./types";
import { isLiveStatus } from "@/components/music/live-status";
import type { MusicQuote, MusicTaskAnswer, MusicTaskList, Peaks, TeamWebhook } from "@/components/music/rules";
import type { MusicModel, MusicSettings } from "@/lib/contracts/music";
import type { EnginesView } from "@/lib/contracts/engines";
import type { RelaysView } from "@/lib/contracts/relays";
import type { TranscribeSettingsView } from "@/lib/contracts/transcribe";

export type AdminUserParams = { q: string; sort: string; dir: "asc" | "desc"; page: number; pageSize: number };
export type LedgerParams = { userId: string; kind: string; from: string; to: string; page: number; pageSize: number };
export type OrderFilters = { type: string; status: string; member: string; q: string; from: string; to: string };
export type OrderListParams = OrderFilters & { page: number; pageSize: number };

export const queryKeys = {
  me: () => ["me"] as const,
  keys: () => ["keys"] as const,
  team: () => ["team"] as const,
  invite: (token: string) => ["invite", token] as const,
  adminUsers: () => ["admin", "users"] as const,
  adminUserList: (params: AdminUserParams) => ["admin", "users", params] as const,
  ledger: () => ["admin", "ledger"] as const,
  ledgerList: (params: LedgerParams) => ["admin", "ledger", params] as const,
  prices: () => ["prices"] as const,
  adminPrices: () => ["admin", "prices"] as const,
  orders: () => ["orders"] as const,
  orderList: (params: OrderListParams) => ["orders", "list", params] as const,
  order: (orderNo: string) => ["orders", "detail", orderNo] as const,
  drafts: () => ["drafts"] as const,
  draftList: () => ["drafts", "list"] as const,
  draft: (id: string) => ["drafts", "detail", id] as const,
  shortVideos: () => ["short-video"] as const,
  music: () => ["music"] as const,
  musicTasks: () => ["music", "tasks"] as const,
  musicTask: (taskId: string) => ["music", "tasks", taskId] as const,
  musicQuote: (model: string) => ["music", "quote", model] as const,
  peaks: (uploadId: string) => ["uploads", uploadId, "peaks"] as const,
  webhook: () => ["team", "webhook"] as const,
  webhookSecret: () => ["keys", "webhook-secret"] as const,
  adminSettings: () => ["admin", "settings"] as const,
};

const POLL_MS = 3000;

/** An order page polls about once a second until the order settles. */
const ORDER_POLL_MS = 1000;

export { search } from "./api";

export const meQuery = (poll = false) =>
  queryOptions({
    queryKey: queryKeys.me(),
    queryFn: ({ signal }) => getJson<Me>("/api/me", signal),
    refetchInterval: poll ? POLL_MS : false,
  });

export const keysQuery = () =>
  queryOptions({
    queryKey: queryKeys.keys(),
    queryFn: ({ signal }) => getJson<{ keys: ApiKey[] }>("/api/keys", signal),
  });

export const teamQuery = () =>
  queryOptions({
    queryKey: queryKeys.team(),
    queryFn: ({ signal }) => getJson<TeamDetails>("/api/team", signal),
  });

export const inviteQuery = (token: string) =>
  queryOptions({
    queryKey: queryKeys.invite(token),
    queryFn: ({ signal }) => getJson<InvitePreview>(`/api/invites/${encodeURIComponent(token)}`, signal),
    retry: false,
  });

export const adminUsersQuery = (params: AdminUserParams) =>
  queryOptions({
    queryKey: queryKeys.adminUserList(params),
    queryFn: ({ signal }) => getJson<AdminUserPage>(`/api/admin/users?${search(params)}`, signal),
    refetchInterval: POLL_MS,
    placeholderData: (previous) => previous,
  });

export const ledgerQuery = (params: LedgerParams) =>
  queryOptions({
    queryKey: queryKeys.ledgerList(params),
    queryFn: ({ signal }) => getJson<LedgerPage>(`/api/admin/ledger?${search(params)}`, signal),
    placeholderData: (previous) => previous,
  });

export const pricesQuery = () =>
  queryOptions({
    queryKey: queryKeys.prices(),
    queryFn: ({ signal }) => getJson<{ prices: Price[] }>("/api/prices", signal),
  });

export const adminPricesQuery = () =>
  queryOptions({
    queryKey: queryKeys.adminPrices(),
    queryFn: ({ signal }) => getJson<{ prices: Price[] }>("/api/admin/prices", signal),
  });

export const ordersQuery = (params: OrderListParams) =>
  queryOptions({
    queryKey: queryKeys.orderList(params),
    queryFn: ({ signal }) => getJson<OrderPage>(`/api/orders?${search(params)}`, signal),
    // Teammates' new orders and status changes appear without a reload.
    refetchInterval: POLL_MS,
    placeholderData: (previous) => previous,
  });

const isLive = (status: OrderDetail["status"] | undefined) =>
  status === undefined || status === "pending" || status === "processing";

export const orderQuery = (orderNo: string) =>
  queryOptions({
    queryKey: queryKeys.order(orderNo),
    queryFn: ({ signal }) => getJson<OrderDetail>(`/api/orders/${encodeURIComponent(orderNo)}`, signal),
    refetchInterval: (query) => (query.state.error ? false : isLive(query.state.data?.status) ? ORDER_POLL_MS : false),
    // Signed download links last an hour; refetching a settled order only on demand keeps them stable.
    staleTime: (query) => (isLive(query.state.data?.status) ? 0 : Infinity),
    retry: (count, error) => (error as { status?: number }).status !== 404 && count < 1,
  });

/** Teammates' drafts appear in the list within a few seconds. */
const DRAFT_LIST_POLL_MS = 5000;

export const draftsQuery = () =>
  queryOptions({
    queryKey: queryKeys.draftList(),
    queryFn: ({ signal }) => getJson<{ drafts: DraftSummary[] }>("/api/drafts", signal),
    refetchInterval: DRAFT_LIST_POLL_MS,
  });

export const draftQuery = (id: string) =>
  queryOptions({
    queryKey: queryKeys.draft(id),
    queryFn: ({ signal }) => getJson<DraftDetail>(`/api/drafts/${encodeURIComponent(id)}`, signal),
    // Clips a script adds with add_audios show up without a reload.
    refetchInterval: (query) => (query.state.error ? false : POLL_MS),
    retry: (count, error) => (error as { status?: number }).status !== 404 && count < 1,
  });

export const shortVideosQuery = () =>
  queryOptions({
    queryKey: queryKeys.shortVideos(),
    queryFn: ({ signal }) => getJson<{ parses: ShortVideoParse[] }>("/api/short-video", signal),
  });

export const musicTasksQuery = () =>
  queryOptions({
    queryKey: queryKeys.musicTasks(),
    queryFn: ({ signal }) => getJson<MusicTaskList>("/api/music/tasks", signal),
    // Teammates' tasks and their progress show up without a reload.
    refetchInterval: POLL_MS,
  });

/** A music task changes stage every few seconds; poll a little faster than the lists. */
const MUSIC_POLL_MS = 1500;

export const musicTaskQuery = (taskId: string) =>
  queryOptions({
    queryKey: queryKeys.musicTask(taskId),
    queryFn: ({ signal }) => getJson<MusicTaskAnswer>(`/api/music/tasks/${encodeURIComponent(taskId)}`, signal),
    // Callback deliveries keep retrying after SUCCESS, so a settled task still refreshes, slowly.
    refetchInterval: (query) =>
      query.state.error ? false : isLiveStatus(query.state.data?.task.status) ? MUSIC_POLL_MS : POLL_MS * 2,
    retry: (count, error) => (error as { status?: number }).status !== 404 && count < 1,
  });

export const musicQuoteQuery = (model: MusicModel) =>
  queryOptions({
    queryKey: queryKeys.musicQuote(model),
    queryFn: ({ signal }) => getJson<MusicQuote>(`/api/music/quote?${search({ model })}`, signal),
  });

export const peaksQuery = (uploadId: string) =>
  queryOptions({
    queryKey: queryKeys.peaks(uploadId),
    queryFn: ({ signal }) => getJson<Peaks>(`/api/uploads/${encodeURIComponent(uploadId)}/peaks?points=800`, signal),
    staleTime: Infinity,
  });

export const webhookQuery = () =>
  queryOptions({
    queryKey: queryKeys.webhook(),
    queryFn: ({ signal }) => getJson<TeamWebhook>("/api/team/webhook", signal),
  });

export const webhookSecretQuery = () =>
  queryOptions({
    queryKey: queryKeys.webhookSecret(),
    queryFn: ({ signal }) => getJson<{ secretHint: string | null }>("/api/keys/webhook-secret", signal),
  });

export const adminSettingsQuery = () =>
  queryOptions({
    queryKey: queryKeys.adminSettings(),
    queryFn: ({ signal }) => getJson<MusicSettings>("/api/admin/settings", signal),
  });

export const adminTranscribeQuery = () =>
  queryOptions({
    queryKey: ["admin", "transcribe"] as const,
    queryFn: ({ signal }) => getJson<TranscribeSettingsView>("/api/admin/transcribe", signal),
  });

export const adminEnginesQuery = () =>
  queryOptions({
    queryKey: ["admin", "engines"] as const,
    queryFn: ({ signal }) => getJson<EnginesView>("/api/admin/engines", signal),
  });

export const adminRelaysQuery = () =>
  queryOptions({
    queryKey: ["admin", "relays"] as const,
    queryFn: ({ signal }) => getJson<RelaysView>("/api/admin/relays", signal),
  });
