// `npm start`: the production web server. Next.js serves every page and route as under `next start`;
// in front of it, the fast lane (lib/http/fast-lane.ts) answers the hottest API reads straight from
// Node's HTTP server with the same route functions. Graceful: SIGTERM/SIGINT stop accepting
// connections and let requests in flight finish (up to 15 s) while the embedded job runner, if on,
// finishes or hands back its orders (up to JOBS_SHUTDOWN_GRACE_SECONDS); then exit.
//   npm start [-- -p PORT] [-H HOST]          (also PORT and HOSTNAME; defaults 3000 and 0.0.0.0)
import http from "node:http";
import path from "node:path";
import next from "next";

// tsx turns Node's source-map support on. Next.js uses thrown errors for control flow while it
// renders, and with support on every stack is mapped through the source maps of Next's large
// compiled chunks, which Node parses and keeps: measured in bench/soak.ts, the server's heap grew
// from 0.36 to over 1 GB in 4 minutes of page and API load. `next start` runs without it too.
process.setSourceMapsEnabled(false);

const argOf = (short: string, long: string) => {
  const i = process.argv.findIndex((a) => a === short || a === long);
  return i === -1 ? undefined : process.argv[i + 1];
};
const port = Number(argOf("-p", "--port") ?? process.env.PORT ?? 3000);
const hostname = argOf("-H", "--hostname") ?? process.env.HOSTNAME ?? "0.0.0.0";
// As `next start` does; before the app's modules load (lib/env.ts reads it once at import).
(process.env as Record<string, string>).NODE_ENV ??= "production";

// Shutdown is this file's (below), not the embedded runner's own signal hook.
(globalThis as { mixdeskServerShutdown?: boolean }).mixdeskServerShutdown = true;
const app = next({ dev: false, dir: path.join(import.meta.dirname, ".."), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
const { env } = await import("@/lib/env");
const { createFastLane } = await import("@/lib/http/fast-lane");
const config = env();
const lane = config.FAST_LANE === "true" ? await createFastLane(config.PUBLIC_BASE_URL) : null;

const server = http.createServer((req, res) => {
  if (lane?.serve(req, res)) return;
  handle(req, res).catch((error: unknown) => {
    console.error("[server]", req.url, error);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
// Longer than a balancer's idle keep-alive (nginx, Caddy and cloud balancers use 60 s or more): with
// Node's default 5 s the server could close a socket the balancer is just reusing, a spurious 502.
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => {
  console.log(`[server] Mixdesk on http://${hostname}:${port} (fast lane ${lane ? "on" : "off"})`);
});

const DRAIN_MS = 15_000;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, async () => {
    console.log(`[server] ${signal}: draining requests and stopping`);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const drained = Promise.race([closed, new Promise<void>((r) => setTimeout(r, DRAIN_MS).unref())]);
    const runner = (globalThis as { mixdeskRunner?: { stop(): Promise<void> } }).mixdeskRunner;
    await Promise.all([drained, runner?.stop()]);
    process.exit(0);
  });
}
