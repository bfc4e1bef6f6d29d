// Next.js start-up hook: validate configuration, record each request's socket address for
// client-address resolution, then start the local cache sweep (s3) and the embedded job runner
// (Node runtime of `next start`/`next dev` only, never during `next build`).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { env } = await import("@/lib/env");
  env();
  const { installPeerAddressHeader } = await import("@/lib/http/peer-address");
  installPeerAddressHeader();
  // STORAGE=s3: this process's local copies of stored files are a cache it sweeps itself, whether or
  // not it runs jobs (the retention sweeper only reaches the machine of the worker that runs it).
  const { startCacheSweeper } = await import("@/lib/storage/cache-sweep");
  startCacheSweeper();
  const { startEmbeddedRunner } = await import("@/lib/jobs/embedded");
  startEmbeddedRunner();
}
