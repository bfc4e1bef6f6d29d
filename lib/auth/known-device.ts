// "Known device" cookie: after a successful sign-in the browser gets a long-lived, signed note
// saying which account it signed in to. Throttling counts that browser's failures on its own, so an
// attacker's failures elsewhere (or from the same address) cannot lock the owner out.
// Signed with a key derived from AUTH_SECRET; it proves nothing but "this browser signed in to
// this account before" and is never enough to sign in by itself.
import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { secureCookiesEnabled } from "@/lib/auth/secure-cookies";

export const KNOWN_DEVICE_DAYS = 180;

export function knownDeviceCookieName(): string {
  return secureCookiesEnabled() ? "__Secure-mixdesk.device" : "mixdesk.device";
}

function sign(payload: string): string {
  const key = createHmac("sha256", env().AUTH_SECRET).update("mixdesk known-device cookie v1").digest();
  return createHmac("sha256", key).update(payload).digest("base64url");
}

/** A new cookie value for this user, keeping the device id when the browser already had one. */
export function issueKnownDevice(userId: string, deviceId = randomBytes(12).toString("base64url")): string {
  const expires = Date.now() + KNOWN_DEVICE_DAYS * 86_400_000;
  const payload = `v1.${userId}.${deviceId}.${expires}`;
  return `${payload}.${sign(payload)}`;
}

/** The device id when the cookie is genuine, unexpired and was issued for this user. */
export function knownDeviceId(value: string | undefined, userId: string): string | undefined {
  if (!value || value.length > 300) return undefined;
  const parts = value.split(".");
  if (parts.length !== 5 || parts[0] !== "v1") return undefined;
  const [, forUser, deviceId, expires, signature] = parts;
  const expected = Buffer.from(sign(parts.slice(0, 4).join(".")));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if (forUser !== userId || !(Number(expires) > Date.now())) return undefined;
  return deviceId;
}

export function knownDeviceCookie(value: string) {
  return {
    name: knownDeviceCookieName(),
    value,
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure: secureCookiesEnabled(),
    maxAge: KNOWN_DEVICE_DAYS * 86_400,
  };
}
