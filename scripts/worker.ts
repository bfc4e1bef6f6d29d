// `npm run worker`: the job runner in its own process (set JOBS_EMBEDDED=false on the web server).
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { JobRunner, runnerOptionsFromEnv } from "@/lib/jobs/runner";

env();
const runner = new JobRunner(runnerOptionsFromEnv()).start();
console.log(`[worker] ${runner.workerId} started (concurrency ${runner.opts.concurrency})`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, async () => {
    console.log(`[worker] ${signal}: finishing or handing back running orders`);
    await runner.stop();
    await db.$disconnect();
    process.exit(0);
  });
}
