// The known-device cookie proves "this browser signed in to this account before" and nothing else.
import { describe, expect, it, vi } from "vitest";
import { issueKnownDevice, KNOWN_DEVICE_DAYS, knownDeviceCookie, knownDeviceId } from "@/lib/auth/known-device";

describe("known-device cookie", () => {
  it("is recognised for its own account only, keeps its device id, and cannot be altered", () => {
    const value = issueKnownDevice("user-a", "device-1");
    expect(knownDeviceId(value, "user-a")).toBe("device-1");
    expect(knownDeviceId(value, "user-b")).toBeUndefined();
    expect(knownDeviceId(value.replace("user-a", "user-b"), "user-b")).toBeUndefined();
    expect(knownDeviceId(value.replace("device-1", "device-2"), "user-a")).toBeUndefined();
    expect(knownDeviceId(`${value.slice(0, -2)}xx`, "user-a")).toBeUndefined();
    expect(knownDeviceId("garbage", "user-a")).toBeUndefined();
    expect(knownDeviceId(undefined, "user-a")).toBeUndefined();
  });

  it("expires after its lifetime and is an HttpOnly cookie for the whole site", () => {
    vi.useFakeTimers();
    try {
      const value = issueKnownDevice("user-a");
      vi.advanceTimersByTime((KNOWN_DEVICE_DAYS + 1) * 86_400_000);
      expect(knownDeviceId(value, "user-a")).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
    expect(knownDeviceCookie("v")).toMatchObject({
      httpOnly: true,
      path: "/",
      sameSite: "lax",
      maxAge: KNOWN_DEVICE_DAYS * 86_400,
    });
  });
});
