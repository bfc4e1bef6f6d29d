// Benchmark of add_audios when the media are already known to the draft (no download, no probe):
// one call of 1,000 clips against one call of 10 clips, in this process, on a throwaway SQLite
// database. The service is called directly (no HTTP), so the figures are the server's own work:
// validation, the material lookup, track packing, and the compare-and-set write.
//   npx tsx --conditions=react-server bench/add-audios.ts [rounds=5]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const ROUNDS = Number(process.argv[2] ?? 5);
const dir = mkdtempSync(path.join(os.tmpdir(), "mx-bench-drafts-"));
const dbUrl = `file:${path.join(dir, "bench.db")}`;
Object.assign(process.env, {
  DATABASE_URL: dbUrl,
  DATA_DIR: path.join(dir, "data"),
  FETCH_ALLOW_HOSTS: "127.0.0.1",
  PUBLIC_BASE_URL: "http://127.0.0.1",
});

const { migrateDatabase } = await import("../scripts/db-migrate");
await migrateDatabase(dbUrl, { quiet: true });
const { db } = await import("@/lib/db");
const { addAudios, createDraft } = await import("@/lib/drafts/service");

// Ten short files served on loopback, fetched once per draft before timing.
const media = path.join(dir, "media");
execFileSync("mkdir", ["-p", media]);
const names = Array.from({ length: 10 }, (_, i) => `tone${i}.mp3`);
for (const [i, n] of names.entries()) {
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=${300 + i * 50}:duration=60`,
    "-c:a",
    "libmp3lame",
    "-b:a",
    "64k",
    path.join(media, n),
  ]);
}
const server = http.createServer((req, res) => {
  const file = path.join(media, path.basename(req.url ?? ""));
  res.writeHead(200);
  import("node:fs").then((fs) => fs.createReadStream(file).pipe(res));
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const user = await db.user.create({ data: { email: "bench@example.com", name: "Bench", passwordHash: "x" } });
const team = await db.team.create({ data: { name: "Bench" } });
const actor = { userId: user.id, teamId: team.id };

/** `n` clips cycling over the ten files: 2 s each, every 1.5 s, so neighbours overlap (two tracks). */
const clips = (n: number) =>
  JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      audio_url: `${base}/${names[i % 10]}`,
      start: i * 1_500_000,
      end: i * 1_500_000 + 2_000_000,
      duration: 60_000_000,
      volume: 0.8,
      fade_in: 100_000,
      fade_out: 100_000,
    })),
  );

async function warmDraft() {
  const { draft_url } = await createDraft(actor, { width: 1920, height: 1080 });
  await addAudios(actor, draft_url, clips(10)); // downloads and probes the ten files once
  return draft_url;
}

async function timed(n: number) {
  const draftUrl = await warmDraft();
  const body = clips(n);
  const t0 = performance.now();
  const r = await addAudios(actor, draftUrl, body);
  const ms = performance.now() - t0;
  if (r.audio_ids.length !== n) throw new Error("clips lost");
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
await timed(10); // JIT and connection warm-up
const small: number[] = [];
const large: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  small.push(await timed(10));
  large.push(await timed(1000));
}
const s = median(small);
const l = median(large);
console.log(`add_audios, media already known, median of ${ROUNDS} (SQLite, in process):`);
console.log(`  10 clips:    ${s.toFixed(1)} ms`);
console.log(`  1,000 clips: ${l.toFixed(1)} ms`);
console.log(`  ratio 1,000 / 10: ${(l / s).toFixed(1)}×  (${(l / 1000).toFixed(3)} ms per clip at 1,000)`);
server.close();
await db.$disconnect();
rmSync(dir, { recursive: true, force: true });
if (l >= 1000) {
  console.error("1,000 clips took a second or more");
  process.exit(1);
}
