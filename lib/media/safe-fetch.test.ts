import fs from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockedRange, safeDownload, safeFetch, SafeFetchError } from "@/lib/media/safe-fetch";

let server: http.Server;
let raw: net.Server;
let base: string;
let rawBase: string;
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
    if (u.pathname === "/trickle") {
      // One byte every 100 ms for ever: never idle, never done.
      res.writeHead(200, { "content-type": "audio/mpeg" });
      const t = setInterval(() => res.write("x"), 100);
      return res.on("close", () => clearInterval(t));
    }
    if (u.pathname === "/headers-only") return res.writeHead(200, { "content-type": "audio/mpeg" }).flushHeaders();
    if (u.pathname === "/reset") {
      res.writeHead(200, { "content-length": "100000" });
      res.write(Buffer.alloc(5000, 1));
      return setTimeout(() => res.socket?.resetAndDestroy(), 100);
    }
    res.writeHead(404).end();
  });
  // Speaks raw TCP: a body delimited by the connection's close that is cut by a reset, and a
  // listener that accepts connections and says nothing (a TLS handshake that never completes).
  raw = net.createServer((sock) => {
    sock.on("error", () => {});
    sock.once("data", (d) => {
      if (!d.toString().startsWith("GET /close-reset ")) return;
      sock.write(`HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n${"x".repeat(5000)}`);
      setTimeout(() => sock.resetAndDestroy(), 100);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => raw.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  rawBase = `127.0.0.1:${(raw.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const allow = { allowHosts: ["127.0.0.1"] };
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: SafeFetchError) => e,
  );

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
    expect(blockedRange("::ffff:8.8.8.8")).toBeNull(); // the kernel connects to 8.8.8.8 over IPv4
  });

  it("refuses IPv6 forms that embed a private or loopback IPv4 address", () => {
    // IPv4-compatible (::a.b.c.d, deprecated): the embedded range, and refused even when public.
    expect(blockedRange("::127.0.0.1")).toBe("loopback");
    expect(blockedRange("::7f00:1")).toBe("loopback");
    expect(blockedRange("::a9fe:a9fe")).toBe("linkLocal");
    expect(blockedRange("::10.0.0.1")).toBe("private");
    expect(blockedRange("::8.8.8.8")).toBe("ipv4Compatible");
    expect(blockedRange("::")).toBe("unspecified");
    expect(blockedRange("::1")).toBe("loopback");
    // SIIT IPv4-translated (::ffff:0:a.b.c.d).
    expect(blockedRange("::ffff:0:7f00:1")).toBe("loopback");
    expect(blockedRange("::ffff:0:808:808")).toBe("ipv4Compatible");
    // NAT64 well-known prefix: a DNS64 network's way to reach IPv4 hosts, so public ones pass.
    expect(blockedRange("64:ff9b::127.0.0.1")).toBe("loopback");
    expect(blockedRange("64:ff9b::a9fe:a9fe")).toBe("linkLocal");
    expect(blockedRange("64:ff9b::c0a8:1")).toBe("private");
    expect(blockedRange("64:ff9b::808:808")).toBeNull();
    expect(blockedRange("64:ff9b:1::a00:1")).toBe("rfc6052"); // local-use NAT64: whatever the operator routes
    // 6to4 (2002:AABB:CCDD::/48) embeds its IPv4 after the prefix; deprecated, refused always.
    expect(blockedRange("2002:7f00:1::1")).toBe("loopback");
    expect(blockedRange("2002:a9fe:a9fe::")).toBe("linkLocal");
    expect(blockedRange("2002:0a00:0001::1")).toBe("private");
    expect(blockedRange("2002:808:808::1")).toBe("6to4");
    // Teredo tunnels to an IPv4 host the prefix hides: refused always.
    expect(blockedRange("2001:0:4136:e378:8000:63bf:3fff:fdd2")).toBe("teredo");
    expect(blockedRange("2001:0:53aa:64c:0:0:80ff:fffe")).toBe("teredo"); // client 127.0.0.1, obfuscated
  });

  it("refuses loopback, private, link-local and mapped addresses unless allow-listed (off by default)", async () => {
    for (const url of [
      `${base}/file`,
      `http://localhost:${port}/file`,
      "http://10.0.0.1/x",
      "http://169.254.169.254/latest/meta-data/",
      `http://[::1]:${port}/file`,
      `http://[::ffff:127.0.0.1]:${port}/file`,
      `http://[::127.0.0.1]:${port}/file`,
      `http://[::7f00:1]:${port}/file`,
      "http://[::a9fe:a9fe]/latest/meta-data/",
      "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
      "http://[2002:a9fe:a9fe::1]/",
      "http://[2001:0:53aa:64c:0:0:80ff:fffe]/",
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
    for (const url of [
      "ftp://example.com/a.mp3",
      "file:///etc/passwd",
      "gopher://x",
      "not a url",
      "http://user:pw@example.com/",
    ]) {
      expect((await failure(safeFetch(url, allow)))?.reason, url).toBe("bad_url");
    }
  });

  it("re-checks every redirect hop", async () => {
    const res = await safeDownload(`${base}/redirect?to=/file`, path.join(dir, "a"), allow);
    expect(res.bytes).toBe(1000);
    const e = await failure(
      safeFetch(`${base}/redirect?to=${encodeURIComponent(`http://127.0.0.2:${port}/file`)}`, allow),
    );
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

// Node 20 lets an `AbortSignal.timeout()` reachable only through `AbortSignal.any()` be collected
// before it fires; collecting garbage during a download shows whether the caps survive that.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
async function whileCollecting<T>(p: Promise<T>): Promise<T> {
  const t = setInterval(gc, 50);
  try {
    return await p;
  } finally {
    clearInterval(t);
  }
}
const elapsed = async <T>(p: Promise<T>) => {
  const t = Date.now();
  const value = await p;
  return { value, ms: Date.now() - t };
};

describe("caps on time that hold on every path", () => {
  it("a source trickling a byte at a time is stopped at the total cap, with a caller's signal too, and the partial file is removed", async () => {
    for (const signal of [undefined, new AbortController().signal]) {
      const dest = path.join(dir, "trickle");
      const { value: e, ms } = await elapsed(
        failure(
          whileCollecting(
            safeDownload(`${base}/trickle`, dest, { ...allow, timeoutMs: 2000, idleTimeoutMs: 1000, signal }),
          ),
        ),
      );
      expect(e).toBeInstanceOf(SafeFetchError);
      expect(e).toMatchObject({
        reason: "timeout",
        transient: true,
        message: expect.stringMatching(/took longer than 2 s/),
      });
      expect(ms).toBeGreaterThanOrEqual(1900);
      expect(ms).toBeLessThan(3500);
      expect(fs.existsSync(dest)).toBe(false);
    }
  });

  it("the total cap also holds while a caller reads the body of safeFetch itself", async () => {
    const res = await safeFetch(`${base}/trickle`, {
      ...allow,
      timeoutMs: 1500,
      idleTimeoutMs: 1000,
      signal: new AbortController().signal,
    });
    expect(res.status).toBe(200);
    const read = async () => {
      let n = 0;
      for await (const chunk of res.body) n += (chunk as Buffer).length;
      return n;
    };
    const { value: e, ms } = await elapsed(failure(whileCollecting(read())));
    expect(e).toMatchObject({ reason: "timeout", message: expect.stringMatching(/took longer than 1.5 s/) });
    expect(ms).toBeLessThan(3000);
  });

  it("headers and then silence: the idle cap ends the download long before the total cap", async () => {
    const dest = path.join(dir, "silent");
    const { value: e, ms } = await elapsed(
      failure(safeDownload(`${base}/headers-only`, dest, { ...allow, timeoutMs: 20_000, idleTimeoutMs: 1000 })),
    );
    expect(e).toMatchObject({ reason: "timeout", transient: true, message: `127.0.0.1:${port} sent nothing for 1 s` });
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(2500);
    expect(fs.existsSync(dest)).toBe(false);
    // A server that never answers at all is silent too.
    const stall = await elapsed(
      failure(safeFetch(`${base}/stall`, { ...allow, timeoutMs: 20_000, idleTimeoutMs: 1000 })),
    );
    expect(stall.value?.reason).toBe("timeout");
    expect(stall.ms).toBeLessThan(2500);
  });

  it("a connection that never completes its TLS handshake is given up at the connect cap", async () => {
    const { value: e, ms } = await elapsed(
      failure(
        safeFetch(`https://${rawBase}/x`, {
          ...allow,
          timeoutMs: 20_000,
          idleTimeoutMs: 10_000,
          connectTimeoutMs: 800,
        }),
      ),
    );
    expect(e).toMatchObject({
      reason: "timeout",
      transient: true,
      message: `Could not connect to ${rawBase} within 0.8 s`,
    });
    expect(ms).toBeLessThan(2000);
  });

  it("a caller's abort stops a download at once", async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 300);
    const { value: e, ms } = await elapsed(
      failure(
        safeDownload(`${base}/trickle`, path.join(dir, "abort"), { ...allow, timeoutMs: 20_000, signal: ctl.signal }),
      ),
    );
    expect(e?.reason).toBe("timeout");
    expect(ms).toBeLessThan(1500);
    expect(fs.existsSync(path.join(dir, "abort"))).toBe(false);
  });
});

describe("an upstream reset mid-download", () => {
  it("rejects with a transient network error, removes the partial file and leaves no unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      for (const url of [`${base}/reset`, `http://${rawBase}/close-reset`]) {
        const dest = path.join(dir, "reset");
        const e = await failure(safeDownload(url, dest, { ...allow, signal: new AbortController().signal }));
        expect(e, url).toBeInstanceOf(SafeFetchError);
        expect(e, url).toMatchObject({ reason: "network", transient: true });
        expect(fs.existsSync(dest), url).toBe(false);
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
