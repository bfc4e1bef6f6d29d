import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";

describe("password hashing", () => {
  it("hashes with salted scrypt and verifies only the right password", async () => {
    const a = await hashPassword("correct horse 1");
    const b = await hashPassword("correct horse 1");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse 1", a)).toBe(true);
    expect(await verifyPassword("correct horse 2", a)).toBe(false);
    expect(await verifyPassword("anything", "garbage")).toBe(false);
  });

  it("is deliberately slow (at least a few milliseconds per hash)", async () => {
    const t = performance.now();
    await hashPassword("timing check 1");
    expect(performance.now() - t).toBeGreaterThan(5);
  });
});
