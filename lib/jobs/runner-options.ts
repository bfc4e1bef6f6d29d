// How a job runner (database-polled or BullMQ) is tuned, from the environment.
import "server-only";
import { env, parseEnv } from "@/lib/env";

export type RunnerOptions = {
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  maxAttempts: number;
  backoffMs: number;
  orderTimeoutMs: number;
  retentionMs: number;
  maxInputBytes: number;
  fetchTimeoutMs: number;
  /** How long stop() waits for running jobs before handing them back. */
  shutdownGraceMs: number;
  /** How often to time out overdue orders and sweep old files. */
  maintenanceMs: number;
};

export function runnerOptionsFromEnv(source?: Record<string, string | undefined>): RunnerOptions {
  const e = source ? parseEnv(source) : env();
  return {
    concurrency: e.JOBS_CONCURRENCY,
    leaseMs: e.JOBS_LEASE_SECONDS * 1000,
    pollMs: e.JOBS_POLL_MS,
    maxAttempts: e.JOBS_MAX_ATTEMPTS,
    backoffMs: e.JOBS_BACKOFF_SECONDS * 1000,
    orderTimeoutMs: e.ORDER_TIMEOUT_MINUTES * 60_000,
    retentionMs: e.RESULT_RETENTION_DAYS * 86_400_000,
    maxInputBytes: e.MAX_INPUT_MB * 1024 * 1024,
    fetchTimeoutMs: e.FETCH_TIMEOUT_SECONDS * 1000,
    shutdownGraceMs: e.JOBS_SHUTDOWN_GRACE_SECONDS * 1000,
    maintenanceMs: e.JOBS_MAINTENANCE_SECONDS * 1000,
  };
}
