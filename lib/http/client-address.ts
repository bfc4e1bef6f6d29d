// The address a request came from, believing X-Forwarded-For only as far as TRUSTED_PROXIES says.
//
// TRUSTED_PROXIES unset: the socket peer, X-Forwarded-For ignored (any client can write it).
// A list of addresses/CIDRs (or loopback, linklocal, uniquelocal): starting from the socket peer,
// step left through X-Forwarded-For while the current hop is one of those proxies — Express's
// `trust proxy` rules, via the same proxy-addr package. A number N: trust N hops whatever their
// address (platforms whose proxy addresses are not known in advance).
import "server-only";
import proxyaddr from "proxy-addr";
import { env } from "@/lib/env";
import { PEER_HEADER, peerAddress } from "@/lib/http/peer-address";

type HeaderSource = Headers | Record<string, unknown> | undefined;

export const UNKNOWN_ADDRESS = "unknown";

function header(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const v = headers[name];
  return typeof v === "string" ? v : Array.isArray(v) ? v.join(",") : undefined;
}

/** Parses TRUSTED_PROXIES; throws with a readable message on a bad entry. */
export function compileTrust(setting: string): (addr: string, i: number) => boolean {
  const value = setting.trim();
  if (value === "") return () => false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_addr, i) => i < hops;
  }
  return proxyaddr.compile(
    value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

let cached: { setting: string; trust: (addr: string, i: number) => boolean } | undefined;
function trustFor(setting: string) {
  if (cached?.setting !== setting) cached = { setting, trust: compileTrust(setting) };
  return cached.trust;
}

/** Client address of a request (route handler Headers or next-auth's plain header object). */
export function clientAddress(headers: HeaderSource, trustedProxies = env().TRUSTED_PROXIES): string {
  const peer = peerAddress(header(headers, PEER_HEADER));
  if (!peer) return UNKNOWN_ADDRESS;
  const req = { socket: { remoteAddress: peer }, headers: { "x-forwarded-for": header(headers, "x-forwarded-for") } };
  return normalise(proxyaddr(req as never, trustFor(trustedProxies)));
}

// The same client over IPv4 and IPv4-mapped IPv6 is one bucket.
function normalise(addr: string): string {
  return addr.startsWith("::ffff:") && addr.includes(".") ? addr.slice(7) : addr;
}
