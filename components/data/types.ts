// Response shapes of the internal JSON API as the browser sees them (dates are ISO strings).
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
  status: "active" | "expired" | "revoked";
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
