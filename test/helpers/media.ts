// Test media made on the spot with ffmpeg's lavfi sources, and a loopback server that serves it.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/**
 * A stereo mix: a centre-panned tone (the "voice") over uncorrelated noise in each channel (the
 * "band"), `seconds` long. Written as WAV, or MP3 when the name ends in .mp3.
 */
export function makeMix(file: string, seconds: number) {
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=440:sample_rate=44100:duration=${seconds}`,
    "-f",
    "lavfi",
    "-i",
    `anoisesrc=color=pink:seed=1:amplitude=0.25:sample_rate=44100:duration=${seconds}`,
    "-f",
    "lavfi",
    "-i",
    `anoisesrc=color=pink:seed=2:amplitude=0.25:sample_rate=44100:duration=${seconds}`,
    "-filter_complex",
    "[0:a]volume=0.5,pan=stereo|c0=c0|c1=c0[v];[1:a][2:a]amerge=inputs=2[s];[v][s]amix=inputs=2:normalize=0[out]",
    "-map",
    "[out]",
    "-ac",
    "2",
    ...(file.endsWith(".mp3") ? ["-c:a", "libmp3lame", "-b:a", "192k"] : []),
    file,
  ]);
  return file;
}

export type FixtureServer = { baseUrl: string; close(): Promise<void>; hits: Map<string, number> };

/**
 * Serves files from `dir` on 127.0.0.1, plus /status/<code>, /redirect?to=… and /stall (never
 * answers); /flaky/<name> answers 503 the first time, then the file.
 */
export async function serveFixtures(dir: string): Promise<FixtureServer> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    hits.set(u.pathname, (hits.get(u.pathname) ?? 0) + 1);
    const status = /^\/status\/(\d{3})$/.exec(u.pathname);
    if (status) return res.writeHead(Number(status[1])).end();
    if (u.pathname === "/redirect") return res.writeHead(302, { location: u.searchParams.get("to") ?? "/" }).end();
    if (u.pathname === "/stall") return;
    let name = u.pathname.slice(1);
    if (name.startsWith("flaky/")) {
      if (hits.get(u.pathname) === 1) return res.writeHead(503).end();
      name = name.slice("flaky/".length);
    }
    const file = path.join(dir, path.basename(name));
    if (!name || !fs.existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { "content-length": fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Signal-to-noise ratio (dB) of `estimate` against `reference`. */
export function snrDb(reference: Float32Array, estimate: Float32Array) {
  const n = Math.min(reference.length, estimate.length);
  let sig = 0;
  let err = 0;
  for (let i = 0; i < n; i++) {
    sig += reference[i] ** 2;
    err += (reference[i] - estimate[i]) ** 2;
  }
  return 10 * Math.log10(sig / Math.max(err, 1e-20));
}

/** A mono sine tone, `seconds` long, as MP3 (or WAV when the name ends in .wav). */
export function makeTone(file: string, seconds: number, frequency = 440) {
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=${frequency}:sample_rate=44100:duration=${seconds}`,
    ...(file.endsWith(".wav") ? [] : ["-c:a", "libmp3lame", "-b:a", "64k"]),
    file,
  ]);
  return file;
}

/**
 * A tiny long file (8 kHz mono mp3 at 8 kb/s in Matroska: ≈ 1 KB per second) whose container
 * declares `declaredSec` while its audio decodes to `seconds`: the Segment Duration element is
 * rewritten, the way a forged file would lie about its length.
 */
export function makeLyingMkv(file: string, seconds: number, declaredSec: number) {
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=300:sample_rate=8000:duration=${seconds}`,
    "-ac",
    "1",
    "-c:a",
    "libmp3lame",
    "-b:a",
    "8k",
    "-f",
    "matroska",
    file,
  ]);
  const bytes = fs.readFileSync(file);
  // EBML id 0x4489 (Duration) with a one-byte size of 8: a big-endian double in milliseconds.
  const at = bytes.indexOf(Buffer.from([0x44, 0x89, 0x88]));
  if (at < 0) throw new Error("makeLyingMkv: no Duration element");
  bytes.writeDoubleBE(declaredSec * 1000, at + 3);
  fs.writeFileSync(file, bytes);
  return file;
}

/** An HLS media playlist whose segments are `segments` (paths or URLs) of `extinf` seconds each. */
export function hlsPlaylist(segments: string[], extinf = 1) {
  return [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    `#EXT-X-TARGETDURATION:${Math.ceil(extinf)}`,
    "#EXT-X-MEDIA-SEQUENCE:0",
    ...segments.flatMap((s) => [`#EXTINF:${extinf.toFixed(3)},`, s]),
    "#EXT-X-ENDLIST",
    "",
  ].join("\n");
}
