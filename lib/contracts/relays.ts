// Admin "Engines" → upstreams and routes (browser and server share these). See lib/relays/types.ts
// for the runtime seam and ARCHITECTURE.md "Relays" for the life of a relayed order.
import { z } from "zod";
import { UPSTREAM_KINDS } from "@/lib/relays/types";

/** Everything that can be routed, in the order the admin page lists them. */
export const ROUTABLE_TYPES = [
  "track-separation",
  "extract-voice",
  "extract-music",
  "extract-text",
  "upload-extend",
  "short-video",
] as const;
export type RoutableType = (typeof ROUTABLE_TYPES)[number];

/** Which upstream kinds can serve which routable types. */
export const KIND_SERVES: Record<(typeof UPSTREAM_KINDS)[number], readonly RoutableType[]> = {
  yinzi: ["track-separation", "extract-voice", "extract-music", "extract-text", "short-video"],
  suno: ["upload-extend"],
  "openai-transcribe": ["extract-text"],
};

/** One step of a route: "local" (this machine's engine for the type) or "upstream:<id>". */
export const routeStepSchema = z.union([
  z.literal("local"),
  z.string().regex(/^upstream:[A-Za-z0-9_-]{1,64}$/, { error: "must be local or upstream:<id>" }),
]);
export type RouteStep = z.infer<typeof routeStepSchema>;

/** An ordered route, tried first to last; unset means ["local"]. */
export const routeSchema = z
  .array(routeStepSchema)
  .min(1, { error: "a route needs at least one step" })
  .max(6)
  .refine((r) => new Set(r).size === r.length, { error: "a step appears twice" });

export const updateRoutesSchema = z.partialRecord(z.enum(ROUTABLE_TYPES), routeSchema);

const costsSchema = z.partialRecord(z.enum(ROUTABLE_TYPES), z.number().min(0).max(1_000_000));

export const createUpstreamSchema = z.object({
  name: z.string().trim().min(1).max(60),
  kind: z.enum(UPSTREAM_KINDS),
  baseUrl: z.url({ protocol: /^https?$/, error: "must be a full http(s) URL" }).max(500),
  apiKey: z.string().trim().min(1).max(500),
  model: z.string().trim().min(1).max(100).optional(),
  costs: costsSchema.optional(),
});

/** Every field optional; `apiKey` replaces the stored key; `enabled: true` also puts it back in rotation. */
export const updateUpstreamSchema = createUpstreamSchema.partial().omit({ kind: true }).extend({
  enabled: z.boolean().optional(),
});

export const upstreamIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

export type UpstreamHealth = {
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  /** Redacted; never contains the key. */
  lastError: string | null;
  /** Over the last 24 hours. */
  calls24h: number;
  errorRate24h: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
};

export type UpstreamView = {
  id: string;
  name: string;
  kind: (typeof UPSTREAM_KINDS)[number];
  baseUrl: string;
  /** The key's last four characters, never more. */
  keyHint: string;
  model: string | null;
  enabled: boolean;
  /** Why it left rotation by itself (e.g. insufficient_balance), and since when. */
  outOfRotation: string | null;
  outOfRotationAt: string | null;
  costs: Partial<Record<RoutableType, number>>;
  balance: number | null;
  balanceAt: string | null;
  health: UpstreamHealth;
  /** The key cannot be opened with the configured master keys (it must be entered again). */
  keyUnreadable: boolean;
};

export type DriftView = {
  id: string;
  upstreamId: string;
  upstreamName: string;
  orderNo: string | null;
  upstreamTaskId: string | null;
  kind: string;
  detail: string;
  outcome: "repaired" | "reported";
  createdAt: string;
};

export type RelaysView = {
  /** RELAY_MASTER_KEY is set (upstreams can be added). */
  keysConfigured: boolean;
  upstreams: UpstreamView[];
  routes: Record<RoutableType, RouteStep[]>;
  /** Mixdesk's own price per type (credits per task, the base price), for the margin column. */
  prices: Partial<Record<RoutableType, number>>;
  /** Open drift from the last reconciliation runs. */
  drift: DriftView[];
  lastReconcileAt: string | null;
};
