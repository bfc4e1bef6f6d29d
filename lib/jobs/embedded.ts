// Starts the job runner inside the web server process (the default) unless JOBS_EMBEDDED=false.
// With REDIS_URL set the runner takes its work from BullMQ; otherwise it polls the database.
import "server-only";
import { env } from "@/lib/env";
import { queueMode } from "@/lib/jobs/queue";
import { QueueWorker } from "@/lib/jobs/queue-worker";
import { JobRunner, type RunnerOptions, runnerOptionsFromEnv } from "@/lib/jobs/runner";

export type Runner = JobRunner | QueueWorker;

/** The runner this configuration asks for, started. */
export function startRunner(opts: RunnerOptions = runnerOptionsFromEnv()): Runner {
  return queueMode() ? new QueueWorker(opts).start() : new JobRunner(opts).start();
}

const globalForRunner = globalThis as unknown as { mixdeskRunner?: Runner; mixdeskServerShutdown?: boolean };

export function startEmbeddedRunner(): Runner | null {
  if (env().JOBS_EMBEDDED === "false") return null;
  if (globalForRunner.mixdeskRunner) return globalForRunner.mixdeskRunner;
  const runner = startRunner();
  globalForRunner.mixdeskRunner = runner;
  const source = runner instanceof QueueWorker ? "Redis queue" : "database";
  console.log(`[jobs] embedded runner ${runner.workerId} started (concurrency ${runner.opts.concurrency}, ${source})`);
  // `npm start` (scripts/server.ts) drains its HTTP requests and stops this runner itself.
  if (globalForRunner.mixdeskServerShutdown) return runner;
  const stop = async (signal: NodeJS.Signals) => {
    console.log(`[jobs] ${signal}: finishing or handing back running orders`);
    await runner.stop();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return runner;
}
