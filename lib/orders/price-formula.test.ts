import { describe, expect, it } from "vitest";
import { priceFor, startedMinutes } from "@/lib/orders/price-formula";

describe("price formula", () => {
  it("charges base + per started minute, at least one minute", () => {
    expect(startedMinutes(0)).toBe(1);
    expect(startedMinutes(59.9)).toBe(1);
    expect(startedMinutes(60)).toBe(1);
    expect(startedMinutes(60.01)).toBe(2);
    expect(startedMinutes(200)).toBe(4);
    expect(priceFor({ baseCredits: 5, perMinuteCredits: 5 }, 150)).toBe(20);
    expect(priceFor({ baseCredits: 0, perMinuteCredits: 0 }, 999)).toBe(0);
  });
});
