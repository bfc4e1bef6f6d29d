// The scaled stage's modes for tests that run jobs in their own process (no test server): with
// TEST_SCALED=1 + TEST_REDIS_URL, REDIS_URL and a key prefix of this file's own, so startRunner()
// gives a BullMQ QueueWorker and creates queue their jobs; with TEST_STORAGE=s3, STORAGE=s3 on a
// bucket of this file's own (test/helpers/s3.ts). Test servers get the same from startServer.
import { randomBytes } from "node:crypto";
import { vi } from "vitest";
import { testBucket } from "./s3";

export const testScaled = () => process.env.TEST_SCALED === "1" && Boolean(process.env.TEST_REDIS_URL);
export const testS3 = () => process.env.TEST_STORAGE === "s3";

/** Stubs this process's env for the stage's modes (call in beforeAll); the answer undoes it (afterAll). */
export async function stubScaledModes(): Promise<() => Promise<void>> {
  const stubbed: Record<string, string> = {};
  if (testScaled()) {
    stubbed.REDIS_URL = process.env.TEST_REDIS_URL!;
    stubbed.REDIS_PREFIX = `mxi${randomBytes(5).toString("hex")}`;
  }
  const bucket = testS3() ? await testBucket() : undefined;
  Object.assign(stubbed, bucket?.env);
  for (const [k, v] of Object.entries(stubbed)) vi.stubEnv(k, v);
  return async () => {
    if (stubbed.REDIS_URL) {
      const { closeQueues } = await import("@/lib/jobs/queue");
      await closeQueues();
    }
    await bucket?.stop();
  };
}
