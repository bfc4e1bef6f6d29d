// The seam between the relay runtime (routing, exactly-once submission, polling, fallback,
// reconciliation: lib/relays/*) and each upstream's protocol client (lib/relays/<kind>/client.ts).
// A client only speaks HTTP to its upstream and sorts every failure into an UpstreamError kind;
// it never touches the database, credits or storage.

export const UPSTREAM_KINDS = ["yinzi", "suno", "openai-transcribe"] as const;
export type UpstreamKind = (typeof UPSTREAM_KINDS)[number];

/** What a client needs to talk to one upstream (the key decrypted just for the call). */
export type UpstreamCreds = { baseUrl: string; apiKey: string; model?: string | null };

/**
 * How an upstream call failed, which decides what the route does next:
 * - unavailable: 5xx, 429, timeout, connection refused → retry with backoff, then fall back along the route;
 * - bad_request: the upstream refuses the input (4xx) → the order fails with `message` (the upstream's reason);
 * - insufficient_balance: the upstream account is empty → the upstream leaves rotation, the route falls back;
 * - auth: the key is refused (401/403) → like unavailable for the order, and shown on the admin page;
 * - not_found: the upstream does not know this task id (reconciliation reports it).
 */
export type UpstreamErrorKind = "unavailable" | "bad_request" | "insufficient_balance" | "auth" | "not_found";

export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamErrorKind,
    message: string,
    readonly httpStatus?: number,
    /** From a Retry-After header or the upstream's documented rate, when it says. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** One result file an upstream offers (its URL usually expires: copy it at once). */
export type UpstreamFile = {
  name: string;
  /** vocals | accompaniment | text | srt | … for orders; audio | cover for a music variant. */
  business: string;
  url: string;
  /** Music variants: which variant the file belongs to, and the variant's title and duration. */
  variant?: { id: string; title?: string; duration?: number };
};

export type UpstreamTaskState = {
  status: "queued" | "running" | "succeeded" | "failed";
  /** The upstream's own status word (processing, TEXT_SUCCESS, …), kept for the admin and reconciliation. */
  raw: string;
  progress?: number;
  /** failed: the upstream's reason, shown to the user as the order's reason. */
  reason?: string;
  /** failed: what the route does about it. Default bad_request (the order fails with `reason`);
   * unavailable when the upstream itself gave up (its timeout, its internal error): fall back. */
  failureKind?: UpstreamErrorKind;
  /** What the upstream charged for the task, when it says (its unit). */
  cost?: number | null;
  /** The account balance the upstream reported with this answer, when it does. */
  balance?: number | null;
  files: UpstreamFile[];
};

export type SubmitRequest = {
  /** The Mixdesk order type (track-separation … extract-text, upload-extend). */
  orderType: string;
  /** A URL the upstream can fetch: the order's own link, or a signed Mixdesk file link for uploads. */
  inputUrl: string;
  /** upload-extend: the Music API body (prompt, style, title, continueAt, model, …). */
  params?: Record<string, unknown>;
  /** Where the upstream should POST its completion (Suno-style); absent when it has no callbacks. */
  callbackUrl?: string;
};

/** A task-style upstream (YinziAI orders, Suno-style upload-extend). */
export type TaskAdapter = {
  kind: UpstreamKind;
  orderTypes: readonly string[];
  submit(creds: UpstreamCreds, req: SubmitRequest, signal: AbortSignal): Promise<{ taskId: string }>;
  poll(creds: UpstreamCreds, taskId: string, signal: AbortSignal): Promise<UpstreamTaskState>;
  /** Turns a callback body the upstream POSTed to us into a task state (Suno-style); null when unusable. */
  parseCallback?(body: unknown): { taskId: string; state: UpstreamTaskState } | null;
  /** Minimum gap between two polls of one task (the upstream's documented rate). */
  pollIntervalMs: number;
};

/** "Test connection": the balance/credit endpoint where the upstream has one, else a cheap authenticated call. */
export type ConnectionTest = (creds: UpstreamCreds, signal: AbortSignal) => Promise<{ balance: number | null }>;
