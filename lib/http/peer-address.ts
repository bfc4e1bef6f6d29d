// The TCP peer of each request, for deciding which X-Forwarded-For entries to believe.
//
// Next's own server fills X-Forwarded-For with the socket address only when the client did not
// send one (`??=`), so a route handler cannot tell a forged header from the real peer. We subscribe
// to Node's `http.server.request.start` diagnostics channel, which fires for every request before
// Next sees it, and overwrite a private header with the socket address. The value carries a random
// per-process tag, so a client that sends the header itself (e.g. while the server is still
// starting and nothing is subscribed yet) is not believed. This keeps `next start`/`next dev`
// unchanged instead of needing a custom server.
import { randomBytes, timingSafeEqual } from "node:crypto";
import diagnosticsChannel from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";

export const PEER_HEADER = "x-mixdesk-peer";

const globalForPeer = globalThis as unknown as { mixdeskPeerTag?: string };

function tag(): string {
  globalForPeer.mixdeskPeerTag ??= randomBytes(16).toString("hex");
  return globalForPeer.mixdeskPeerTag;
}

function onRequestStart(message: unknown) {
  const { request, socket } = message as { request: IncomingMessage; socket: { remoteAddress?: string } };
  request.headers[PEER_HEADER] = `${tag()} ${socket.remoteAddress ?? ""}`;
}

/** Called once from instrumentation.ts (Node runtime). */
export function installPeerAddressHeader() {
  tag();
  diagnosticsChannel.subscribe("http.server.request.start", onRequestStart);
}

/** The socket address recorded for this request, or undefined when it was not recorded by us. */
export function peerAddress(value: string | null | undefined): string | undefined {
  const expected = globalForPeer.mixdeskPeerTag;
  if (!value || !expected) return undefined;
  const [given, address] = value.split(" ", 2);
  const a = Buffer.from(given ?? "");
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
  return address || undefined;
}
