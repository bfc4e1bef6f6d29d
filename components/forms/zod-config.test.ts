import { expect, test } from "vitest";

test("the browser's instrumentation makes zod jitless without importing it (no CSP eval probe)", async () => {
  await import("@/instrumentation-client");
  const { z } = await import("zod");
  expect(z.config().jitless).toBe(true);
  // And the object parser built afterwards still parses and reports like before.
  const schema = z.object({ name: z.string().min(1) });
  expect(schema.parse({ name: "a" })).toEqual({ name: "a" });
  expect(schema.safeParse({ name: "" }).success).toBe(false);
});
