// `npm run worker`: the job runner in its own process (set JOBS_EMBEDDED=false on the web server).
// With REDIS_URL it takes jobs from BullMQ (run as many as you like); without, it polls the database.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { startRunner } from "@/lib/jobs/embedded";
import { closeQueues, queueMode } from "@/lib/jobs/queue";
import { startCacheSweeper } from "@/lib/storage/cache-sweep";

env();
startCacheSweeper();
const runner = startRunner();
console.log(
  `[worker] ${runner.workerId} started (concurrency ${runner.opts.concurrency}, ${queueMode() ? "Redis queue" : "database"})`,
);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, async () => {
    console.log(`[worker] ${signal}: finishing or handing back running orders`);
    await runner.stop();
    await closeQueues();
    await db.$disconnect();
    process.exit(0);
  });
}
