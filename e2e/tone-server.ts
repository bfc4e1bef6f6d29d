// Generated stereo tones served from a loopback HTTP server: the e2e server may fetch only from
// 127.0.0.1 (FETCH_ALLOW_HOSTS), so a pasted link points here. Files are also on disk (`dir`) for
// the upload inputs.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

export type ToneServer = { dir: string; base: string; close: () => Promise<void> };

/** `tones`: [file name (.wav), frequency in Hz, seconds (default 5)]. */
export async function startToneServer(
  prefix: string,
  tones: readonly (readonly [name: string, freq: number, sec?: number])[],
): Promise<ToneServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mixdesk-${prefix}-e2e-`));
  for (const [name, freq, sec = 5] of tones) {
    execFileSync("ffmpeg", [
      "-v",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      `sine=frequency=${freq}:duration=${sec}:sample_rate=44100`,
      "-ac",
      "2",
      path.join(dir, name),
    ]);
  }
  const server = http.createServer((req, res) => {
    const file = path.join(dir, path.basename(new URL(req.url ?? "/", "http://x").pathname));
    if (!fs.existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "audio/wav", "content-length": fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    dir,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
