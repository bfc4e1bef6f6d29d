// Response shapes of the internal JSON API as the browser receives them, derived from the services
// the routes return (type-only imports: nothing of lib/ reaches the client bundle). Change a
// service and tsc points at every component that reads the old shape.
import type { createApiKey, listApiKeys } from "@/lib/auth/api-keys";
import type { SessionUser } from "@/lib/auth/session";
import type { adminChangeCredits } from "@/lib/billing/admin";
import type { listLedger, myCreditHistory, myCreditSummary } from "@/lib/billing/history";
import type { usageReport } from "@/lib/billing/usage";
import type { OrderStatus, OrderType, PAY_STATUSES } from "@/lib/contracts/orders";
import type { draftForUi, listTeamDrafts } from "@/lib/drafts/browser";
import type { listPrices } from "@/lib/orders/pricing";
import type { reconcileNow, testConnection } from "@/lib/relays/admin";
import type { createOrder, listOrders, orderDetail } from "@/lib/orders/service";
import type { ShortVideoParseView } from "@/lib/short-video/browser";
import type { saveUpload } from "@/lib/storage/uploads";
import type { sendTranscriptToDraft } from "@/lib/transcripts/send-to-draft";
import type { transcriptView } from "@/lib/transcripts/service";
import type {
  createInvite,
  inviteInfo,
  joinByInvite,
  listTeams,
  revokeInvite,
  teamOverview,
} from "@/lib/teams/service";
import type { listUsers, updateUserFlags } from "@/lib/users/service";

/** What `Response.json` makes of a value: Dates arrive as ISO strings. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

type Returned<F extends (...args: never[]) => unknown> = Json<Awaited<ReturnType<F>>>;

/** Replaces the types of some fields: SQLite keeps enum-like columns as plain strings, and the
 * contract's enums are what they hold. */
type Narrow<T, N> = Omit<T, keyof N> & N;
type OrderEnums = { status: OrderStatus; payStatus: PayStatus };

export type { OrderStatus, OrderType };
export type PayStatus = (typeof PAY_STATUSES)[number];
export type TeamRole = SessionUser["team"]["role"];

// GET /api/me (the route composes the session user, the balance columns and the user's teams).
export type Me = {
  user: Pick<SessionUser, "id" | "email" | "name" | "role">;
  balance: number;
  held: number;
  spent: number;
  team: SessionUser["team"];
  teams: Returned<typeof listTeams>;
};

export type ApiKey = Returned<typeof listApiKeys>[number];
export type CreatedApiKey = Returned<typeof createApiKey>;

/** teams/service computes an invite's status as a plain string; these are its values. */
type InviteEnums = { status: "active" | "expired" | "revoked" | "used_up" };
type TeamOverview = Returned<typeof teamOverview>;
export type Invite = Narrow<TeamOverview["invites"][number], InviteEnums>;
export type TeamDetails = Omit<TeamOverview, "invites"> & { invites: Invite[] };
export type CreatedInvite = Omit<Returned<typeof createInvite>, "invite"> & {
  invite: Narrow<Returned<typeof createInvite>["invite"], InviteEnums>;
};
export type RevokedInvite = Narrow<Returned<typeof revokeInvite>, InviteEnums>;
export type InvitePreview = Returned<typeof inviteInfo>;
export type JoinedTeam = Returned<typeof joinByInvite>;

export type AdminUserPage = Returned<typeof listUsers>;
export type AdminUser = AdminUserPage["users"][number];
export type UpdatedUser = Returned<typeof updateUserFlags>;
export type CreditChange = Returned<typeof adminChangeCredits>;
export type LedgerPage = Returned<typeof listLedger>;
export type LedgerEntry = LedgerPage["entries"][number];
export type MyCreditPage = Returned<typeof myCreditHistory>;
export type MyCreditEntry = MyCreditPage["entries"][number];
export type CreditSummary = Returned<typeof myCreditSummary>;
export type UsageReport = Returned<typeof usageReport>;

export type Price = Returned<typeof listPrices>[number];
export type Upload = Returned<typeof saveUpload>;

export type CreatedOrder = Narrow<Returned<typeof createOrder>, { orderStatus: OrderStatus; payStatus: PayStatus }>;
type OrderListResult = Returned<typeof listOrders>;
export type OrderSummary = Narrow<OrderListResult["orders"][number], OrderEnums & { type: OrderType }>;
export type OrderPage = Omit<OrderListResult, "orders"> & { orders: OrderSummary[] };
export type OrderDetail = Narrow<Returned<typeof orderDetail>, OrderEnums>;

export type DraftSummary = Returned<typeof listTeamDrafts>[number];
export type DraftDetail = Returned<typeof draftForUi>;
/** One clip on a draft's audio track; times in microseconds, volume linear 0–1. */
export type DraftClip = DraftDetail["tracks"][number]["clips"][number];

export type ShortVideoParse = ShortVideoParseView;

export type TranscriptView = Returned<typeof transcriptView>;
export type SentToDraft = Returned<typeof sendTranscriptToDraft>;

export type RelayConnectionResult = Returned<typeof testConnection>;
export type RelayReconcileOutcome = Returned<typeof reconcileNow>;
