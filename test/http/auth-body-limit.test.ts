// next-auth reads whatever body it is sent; /api/auth/* caps it first, so a huge or endless POST is
// refused with 413 instead of being buffered in memory, and the server keeps serving sign-ins.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/test/helpers/server";
import { Client } from "@/test/http/client";

const pw = "a long password 1";
const MB = 1024 * 1024;

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

/** A urlencoded body of `bytes` bytes streamed in 64 KB chunks with no Content-Length (chunked). */
function endlessForm(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
  let sent = 0;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("csrfToken=x&email=a%40example.com&password="));
    },
    pull(controller) {
      if (sent >= bytes) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

describe("POST /api/auth/* body limit", () => {
  it("refuses a 1 MB sign-in form with 413 problem+json", async () => {
    const c = new Client(server.baseUrl);
    const csrfToken = await c.csrf();
    const res = await c.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        csrfToken,
        email: "a@example.com",
        password: "x".repeat(MB),
        json: "true",
      }).toString(),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 413, title: "Payload too large" });
  });

  it("refuses a chunked 50 MB body with 413 and keeps serving", async () => {
    const res = await fetch(`${server.baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: endlessForm(50 * MB),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 413 });

    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
    // A normal sign-in still goes through the same route.
    const c = new Client(server.baseUrl);
    const address = `body-${randomUUID().slice(0, 8)}@example.com`;
    await c.signUp({ email: address, name: "B", password: pw });
    expect(await (await c.fetch("/api/me")).json()).toMatchObject({ user: { email: address } });
    expect(await c.signIn(address, "wrong password 1")).toBe("Incorrect email or password");
  });
});
