// The client address behind real HTTP requests: the socket peer unless configured proxies vouch
// for X-Forwarded-For, and a client cannot forge the recorded peer.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress, compileTrust, UNKNOWN_ADDRESS } from "@/lib/http/client-address";
import { installPeerAddressHeader, PEER_HEADER } from "@/lib/http/peer-address";

let server: http.Server;
let base: string;
// Each request answers what clientAddress makes of it under the TRUSTED_PROXIES in ?trust=.
beforeAll(async () => {
  installPeerAddressHeader();
  server = http.createServer((req, res) => {
    const trust = new URL(req.url ?? "/", "http://x").searchParams.get("trust") ?? "";
    res.end(clientAddress(req.headers, trust));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const ask = async (trust: string, headers: Record<string, string> = {}) =>
  (await fetch(`${base}/?trust=${encodeURIComponent(trust)}`, { headers })).text();

describe("client address", () => {
  it("ignores X-Forwarded-For when no proxy is trusted", async () => {
    expect(await ask("")).toBe("127.0.0.1");
    expect(await ask("", { "x-forwarded-for": "203.0.113.9" })).toBe("127.0.0.1");
  });

  it("cannot be forged through the private peer header", async () => {
    expect(await ask("", { [PEER_HEADER]: "anything 198.51.100.1" })).toBe("127.0.0.1");
    expect(clientAddress(new Headers({ [PEER_HEADER]: "guess 198.51.100.1" }), "")).toBe(UNKNOWN_ADDRESS);
  });

  it("behind trusted proxies takes the first untrusted hop from the right", async () => {
    expect(await ask("loopback", { "x-forwarded-for": "203.0.113.9" })).toBe("203.0.113.9");
    // What the client wrote before the proxy appended its address is not believed.
    expect(await ask("loopback", { "x-forwarded-for": "192.0.2.1, 203.0.113.9" })).toBe("203.0.113.9");
    expect(await ask("127.0.0.1, 10.0.0.0/8", { "x-forwarded-for": "192.0.2.1, 203.0.113.9, 10.1.2.3" })).toBe(
      "203.0.113.9",
    );
    expect(await ask("2", { "x-forwarded-for": "192.0.2.1, 203.0.113.9, 10.1.2.3" })).toBe("203.0.113.9");
    // A proxy that is not the configured one is not believed.
    expect(await ask("10.0.0.1", { "x-forwarded-for": "203.0.113.9" })).toBe("127.0.0.1");
  });

  it("rejects a TRUSTED_PROXIES entry that is not an address", () => {
    expect(() => compileTrust("proxy.example.com")).toThrow();
  });
});
