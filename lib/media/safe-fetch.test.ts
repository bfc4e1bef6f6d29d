import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockedRange, safeDownload, safeFetch, SafeFetchError } from "@/lib/media/safe-fetch";

let server: http.Server;
let base: string;
let port: number;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "safe-fetch-"));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    if (u.pathname === "/file") return res.end(Buffer.alloc(1000, 1));
    if (u.pathname === "/big") {
      res.writeHead(200); // no content-length: the cap must hold while streaming
      for (let i = 0; i < 20; i++) res.write(Buffer.alloc(1000));
      return res.end();
    }
    if (u.pathname === "/redirect") {
      res.writeHead(302, { location: u.searchParams.get("to") ?? "/file" });
      return res.end();
    }
    if (u.pathname === "/loop") {
      res.writeHead(302, { location: "/loop" });
      return res.end();
    }
    if (u.pathname === "/stall") return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const allow = { allowHosts: ["127.0.0.1"] };
const failure = (p: Promise<unknown>) => p.then(() => null, (e: SafeFetchError) => e);

describe("SSRF-safe fetcher", () => {
  it("classifies addresses: only public unicast passes", () => {
    expect(blockedRange("93.184.216.34")).toBeNull();
    expect(blockedRange("2606:4700::1111")).toBeNull();
    expect(blockedRange("127.0.0.1")).toBe("loopback");
    expect(blockedRange("10.1.2.3")).toBe("private");
    expect(blockedRange("192.168.0.1")).toBe("private");
    expect(blockedRange("172.16.5.5")).toBe("private");
    expect(blockedRange("169.254.169.254")).toBe("linkLocal");
    expect(blockedRange("100.64.0.1")).toBe("carrierGradeNat");
    expect(blockedRange("0.0.0.0")).toBe("unspecified");
    expect(blockedRange("::1")).toBe("loopback");
    expect(blockedRange("fe80::1")).toBe("linkLocal");
    expect(blockedRange("fd00::1")).toBe("uniqueLocal");
    expect(blockedRange("::ffff:127.0.0.1")).toBe("loopback");
    expect(blockedRange("::ffff:10.0.0.1")).toBe("private");
  });

  it("refuses loopback, private, link-local and mapped addresses unless allow-listed (off by default)", async () => {
    for (const url of [
      `${base}/file`,
      `http://localhost:${port}/file`,
      "http://10.0.0.1/x",
      "http://169.254.169.254/latest/meta-data/",
      `http://[::1]:${port}/file`,
      `http://[::ffff:127.0.0.1]:${port}/file`,
      "http://0.0.0.0/",
    ]) {
      const e = await failure(safeFetch(url, { allowHosts: [] }));
      expect(e, url).toBeInstanceOf(SafeFetchError);
      expect(e?.reason, url).toBe("blocked_address");
    }
    const ok = await safeFetch(`${base}/file`, allow);
    expect(ok.status).toBe(200);
    ok.body.resume();
  });

  it("only fetches http and https", async () => {
    for (const url of ["ftp://example.com/a.mp3", "file:///etc/passwd", "gopher://x", "not a url", "http://user:pw@example.com/"]) {
      expect((await failure(safeFetch(url, allow)))?.reason, url).toBe("bad_url");
    }
  });

  it("re-checks every redirect hop", async () => {
    const res = await safeDownload(`${base}/redirect?to=/file`, path.join(dir, "a"), allow);
    expect(res.bytes).toBe(1000);
    const e = await failure(safeFetch(`${base}/redirect?to=${encodeURIComponent(`http://127.0.0.2:${port}/file`)}`, allow));
    expect(e?.reason).toBe("blocked_address");
    const e2 = await failure(safeFetch(`${base}/redirect?to=${encodeURIComponent("http://169.254.169.254/")}`, allow));
    expect(e2?.reason).toBe("blocked_address");
    expect((await failure(safeFetch(`${base}/loop`, allow)))?.reason).toBe("too_many_redirects");
  });

  it("caps size while streaming and removes the partial file", async () => {
    const dest = path.join(dir, "big");
    const e = await failure(safeDownload(`${base}/big`, dest, { ...allow, maxBytes: 5000 }));
    expect(e?.reason).toBe("too_large");
    expect(fs.existsSync(dest)).toBe(false);
  });

  it("caps time and reports HTTP errors", async () => {
    const t = Date.now();
    const e = await failure(safeDownload(`${base}/stall`, path.join(dir, "s"), { ...allow, timeoutMs: 300 }));
    expect(e?.reason).toBe("timeout");
    expect(e?.transient).toBe(true);
    expect(Date.now() - t).toBeLessThan(5000);
    const nf = await failure(safeDownload(`${base}/missing`, path.join(dir, "m"), allow));
    expect(nf).toMatchObject({ reason: "http_status", status: 404, message: "The link answered HTTP 404" });
  });
});
