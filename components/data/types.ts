// Response shapes of the internal JSON API as the browser sees them (dates are ISO strings).
import type { OrderStatus, OrderType, PriceKey } from "@/lib/contracts/orders";

export type Role = "user" | "admin";
export type TeamRole = "owner" | "member";

export type Me = {
  user: { id: string; email: string; name: string; role: Role };
  balance: number;
  held: number;
  spent: number;
  team: { id: string; name: string; role: TeamRole };
  teams: { id: string; name: string; role: TeamRole }[];
};

export type ApiKey = {
  id: string;
  name: string;
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: "active" | "revoked" | "expired";
};

export type Invite = {
  id: string;
  createdAt: string;
  expiresAt: string;
  uses: number;
  maxUses: number;
  status: "active" | "expired" | "revoked" | "used_up";
};

export type TeamDetails = {
  team: { id: string; name: string };
  role: TeamRole;
  members: { userId: string; name: string; email: string; role: TeamRole; joinedAt: string }[];
  invites: Invite[];
};

export type InvitePreview = { team: { name: string }; invitedBy: { name: string }; expiresAt: string };

export type AdminUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  balance: number;
  held: number;
  spent: number;
  teams: { id: string; name: string }[];
  lastActiveAt: string | null;
  createdAt: string;
};

export type Page<K extends string, T> = { [key in K]: T[] } & { total: number; page: number; pageSize: number };

export type LedgerEntry = {
  id: string;
  userId: string;
  userEmail: string;
  kind: string;
  amount: number;
  balanceDelta: number;
  heldDelta: number;
  balanceAfter: number;
  heldAfter: number;
  reason: string | null;
  ref: string | null;
  actorEmail: string | null;
  createdAt: string;
};

export type { OrderStatus, OrderType };
export type PayStatus = "waiting" | "paid" | "released";
export type OrderUser = { id: string; name: string; email: string };

export type Price = { orderType: PriceKey; baseCredits: number; perMinuteCredits: number; updatedAt: string | null };

export type Upload = { id: string; filename: string; bytes: number; pathKey: string };

export type CreatedOrder = { orderNo: string; orderType: OrderType; orderStatus: OrderStatus; payStatus: PayStatus; messageId: string };

export type OrderSummary = {
  orderNo: string;
  type: OrderType;
  status: OrderStatus;
  payStatus: PayStatus;
  cost: number;
  holdAmount: number;
  progress: number;
  reason: string | null;
  durationSec: number | null;
  createdAt: string;
  finishedAt: string | null;
  user: OrderUser;
};

export type OrderDetail = {
  orderNo: string;
  orderType: OrderType;
  status: OrderStatus;
  cost: number;
  reason: string | null;
  stuffs: { name: string; business: string; url: string }[];
  progress: number;
  payStatus: PayStatus;
  stage: string | null;
  held: number;
  durationSec: number | null;
  pathKey: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  user: OrderUser;
};

export type DraftCreator = { id: string; name: string; email: string };

export type DraftSummary = {
  id: string;
  width: number;
  height: number;
  createdAt: string;
  updatedAt: string;
  creator: DraftCreator;
  trackCount: number;
  clipCount: number;
  /** The latest clip end on the timeline, µs. */
  durationUs: number;
  draftUrl: string;
};

/** One clip on a draft's audio track; times in microseconds, volume linear 0–1. */
export type DraftClip = {
  id: string;
  name: string;
  fileName: string;
  sourceUrl: string;
  sourceDurationUs: number;
  startUs: number;
  endUs: number;
  volume: number;
  fadeInUs: number;
  fadeOutUs: number;
};

export type DraftDetail = DraftSummary & { zipUrl: string; tracks: { id: string; clips: DraftClip[] }[] };
