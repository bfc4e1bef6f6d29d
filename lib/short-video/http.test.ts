import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generic } from "@/lib/short-video/generic";
import { fetchText, resolveUrl } from "@/lib/short-video/http";
import { ShortVideoError } from "@/lib/short-video/types";

// Read once by lib/env on first use, which comes after this.
vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
vi.stubEnv("FETCH_IDLE_TIMEOUT_SECONDS", "1");

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/trickle") {
      res.writeHead(200, { "content-type": "text/html" });
      const t = setInterval(() => res.write("<p>"), 100);
      return res.on("close", () => clearInterval(t));
    }
    if (req.url === "/headers-only") return res.writeHead(200, { "content-type": "text/html" }).flushHeaders();
    if (req.url === "/short") return res.writeHead(302, { location: "/stall" }).end();
    if (req.url === "/stall") return;
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const timed = async (p: Promise<unknown>) => {
  const t = Date.now();
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return { error, ms: Date.now() - t };
};

describe("short-video page fetches are capped in time", () => {
  it("a page trickling for ever fails as a source error at the total cap", async () => {
    const { error, ms } = await timed(fetchText("douyin", "share page", `${base}/trickle`, {}, { timeoutMs: 1500 }));
    expect(error).toBeInstanceOf(ShortVideoError);
    expect(error).toMatchObject({
      failure: "source",
      message: expect.stringMatching(/^Douyin: the share page could not be fetched \(.*took longer than 1.5 s\)$/),
    });
    expect(ms).toBeLessThan(3000);
  });

  it("a page that sends headers and then nothing fails at the idle cap (FETCH_IDLE_TIMEOUT_SECONDS)", async () => {
    const { error, ms } = await timed(fetchText("kuaishou", "page", `${base}/headers-only`, {}));
    expect(error).toMatchObject({ failure: "source", message: expect.stringMatching(/sent nothing for 1 s/) });
    expect(ms).toBeLessThan(2500);
  });

  it("a short link whose redirect target never answers fails at the idle cap", async () => {
    const { error, ms } = await timed(resolveUrl("douyin", "short link", `${base}/short`, {}));
    expect(error).toMatchObject({
      failure: "source",
      message: expect.stringMatching(/^Douyin: the short link could not be resolved \(.*sent nothing for 1 s\)$/),
    });
    expect(ms).toBeLessThan(2500);
  });

  it("a generic link that goes silent while its page is read fails as an input error naming the cap", async () => {
    const { error, ms } = await timed(generic.extract(new URL(`${base}/headers-only`)));
    expect(error).toBeInstanceOf(ShortVideoError);
    expect(error).toMatchObject({
      failure: "input",
      message: expect.stringMatching(/the link could not be fetched \(.*sent nothing for 1 s\)$/),
    });
    expect(ms).toBeLessThan(2500);
  });
});
