// Starts the job runner inside the web server process (the default) unless JOBS_EMBEDDED=false.
import "server-only";
import { env } from "@/lib/env";
import { JobRunner, runnerOptionsFromEnv } from "@/lib/jobs/runner";

const globalForRunner = globalThis as unknown as { mixdeskRunner?: JobRunner };

export function startEmbeddedRunner(): JobRunner | null {
  if (env().JOBS_EMBEDDED === "false") return null;
  if (globalForRunner.mixdeskRunner) return globalForRunner.mixdeskRunner;
  const runner = new JobRunner(runnerOptionsFromEnv()).start();
  globalForRunner.mixdeskRunner = runner;
  console.log(`[jobs] embedded runner ${runner.workerId} started (concurrency ${runner.opts.concurrency})`);
  const stop = async (signal: NodeJS.Signals) => {
    console.log(`[jobs] ${signal}: finishing or handing back running orders`);
    await runner.stop();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return runner;
}
