// The HTTP harness as a Vitest fixture: `server` is one production server per test file (its own
// fresh database), `signedUp()` makes a user on it and returns a client signed in as them, and
// `client` is such a client made for each test.
import { randomUUID } from "node:crypto";
import { test as base } from "vitest";
import { startServer } from "@/test/helpers/server";
import { Client } from "@/test/http/client";

type NewUser = { email?: string; name?: string; password?: string; invite?: string };

export const test = base
  // biome-ignore lint/correctness/noEmptyPattern: Playwright and Vitest read fixture dependencies from an object pattern
  .extend("server", { scope: "file" }, async ({}, { onCleanup }) => {
    const server = await startServer();
    onCleanup(() => server.stop());
    return server;
  })
  .extend("signedUp", async ({ server }) => async (who: NewUser = {}) => {
    const email = who.email ?? `user-${randomUUID().slice(0, 8)}@example.com`;
    const password = who.password ?? "a long password 1";
    const client = new Client(server.baseUrl);
    const user = await client.signUp({
      email,
      password,
      name: who.name ?? "Test User",
      ...(who.invite ? { invite: who.invite } : {}),
    });
    return { client, user, email, password };
  })
  .extend("client", async ({ signedUp }) => (await signedUp()).client);

export { describe, expect } from "vitest";
