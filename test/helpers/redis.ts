// A Redis for tests (queue mode, shared rate limits): the one the test run started (TEST_REDIS_URL), or a throwaway
// redis-server from Debian on a free loopback port, without persistence. Each caller gets its own
// key prefix, so test files sharing one server never see each other's jobs.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";

export type TestRedis = {
  url: string;
  prefix: string;
  /** The run's TEST_REDIS_URL: shared, so stop() leaves it running. */
  external: boolean;
  stop(): Promise<void>;
};

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

export async function startRedisServer(): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let log = "";
    const ready = await new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => resolve(false), 10_000);
      child.on("error", (error) =>
        reject(new Error(`redis-server could not start (apt-get install redis-server): ${error.message}`)),
      );
      child.on("exit", () => {
        clearTimeout(timer);
        resolve(false);
      });
      child.stdout!.on("data", (d) => {
        log += d;
        if (log.includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve(true);
        }
      });
    });
    if (ready) {
      const stop = async () => {
        if (child.exitCode !== null) return;
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGKILL");
        await exited;
      };
      return { url: `redis://127.0.0.1:${port}`, child, stop };
    }
    child.kill("SIGKILL");
    // Another process took the port between the probe and the bind: try another.
    if (attempt >= 3) throw new Error(`redis-server did not start:\n${log}`);
  }
}

export async function testRedis(): Promise<TestRedis> {
  const prefix = `mxt${randomBytes(4).toString("hex")}`;
  const shared = process.env.TEST_REDIS_URL;
  if (shared) return { url: shared, prefix, external: true, stop: async () => undefined };
  const own = await startRedisServer();
  return { url: own.url, prefix, external: false, stop: own.stop };
}
