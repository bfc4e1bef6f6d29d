// The one way Mixdesk fetches a user-supplied URL. http(s) only; every address a host resolves
// to is classified with ipaddr.js and anything but public unicast is refused (loopback, private,
// link-local and cloud metadata, CGNAT, and IPv6 forms embedding those: IPv4-mapped, -compatible,
// NAT64, 6to4; Teredo always); the socket connects to the address that was checked, so DNS
// rebinding cannot swap it; redirects are followed by hand and each hop is checked again; size,
// total time, silence and connecting time are capped, the body's reading included.
import "server-only";
import dns from "node:dns";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";

export type FetchFailure =
  | "bad_url"
  | "blocked_address"
  | "dns"
  | "too_many_redirects"
  | "too_large"
  | "timeout"
  | "http_status"
  | "network";

export class SafeFetchError extends Error {
  constructor(
    readonly reason: FetchFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "SafeFetchError";
  }
  /** Worth trying again later (the remote side may recover), as opposed to a bad or blocked URL. */
  get transient() {
    return this.reason === "timeout" || this.reason === "network" || this.reason === "dns" || (this.status ?? 0) >= 500;
  }
}

export type SafeFetchOptions = {
  maxBytes?: number;
  /** Cap on the whole fetch, redirects and reading the body included. Defaults to FETCH_TIMEOUT_SECONDS. */
  timeoutMs?: number;
  /** Cap on silence: no byte from the other side for this long ends the fetch. Defaults to FETCH_IDLE_TIMEOUT_SECONDS. */
  idleTimeoutMs?: number;
  /** Cap on resolving, connecting and the TLS handshake of each hop. Defaults to the idle cap. */
  connectTimeoutMs?: number;
  maxRedirects?: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Hosts or IPs allowed although not public (tests on loopback). Defaults to FETCH_ALLOW_HOSTS. */
  allowHosts?: string[];
  /** POST this body instead of a GET (webhooks, uploads). A redirect answer is then returned, not followed. */
  postBody?: string | Buffer;
};

const DEFAULTS = { maxBytes: 200 * 1024 * 1024, maxRedirects: 5 };

export function allowListFromEnv(): string[] {
  return env()
    .FETCH_ALLOW_HOSTS.split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

const IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96");
const NAT64_WELL_KNOWN = ipaddr.parseCIDR("64:ff9b::/96");
const IPV4_TRANSLATED = ipaddr.parseCIDR("::ffff:0:0:0/96");

function lowIPv4(addr: ipaddr.IPv6): ipaddr.IPv4 {
  const b = addr.toByteArray();
  return new ipaddr.IPv4(b.slice(12, 16));
}

/** Why an address may not be fetched, or null when it is a public unicast address. */
export function blockedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return "invalid";
  const addr = ipaddr.parse(canonical(address));
  if (addr.kind() === "ipv4") return unicastOrRange(addr.range());
  const v6 = addr as ipaddr.IPv6;
  // Forms that carry an IPv4 address reach that IPv4 host (the kernel, a NAT64 gateway or a
  // relay unwraps them), so the embedded address is what must be public.
  if (v6.isIPv4MappedAddress()) return unicastOrRange(v6.toIPv4Address().range());
  if (v6.match(NAT64_WELL_KNOWN)) return unicastOrRange(lowIPv4(v6).range());
  const v6range = v6.range();
  if (v6range === "unspecified" || v6range === "loopback") return v6range;
  // Deprecated IPv4-compatible (::a.b.c.d), SIIT-translated and 6to4 addresses are never a
  // public site's address: refused always, naming the embedded range when it says more.
  if (v6.match(IPV4_COMPATIBLE) || v6.match(IPV4_TRANSLATED)) {
    return unicastOrRange(lowIPv4(v6).range()) ?? "ipv4Compatible";
  }
  if (v6range === "6to4") {
    const b = v6.toByteArray();
    return unicastOrRange(new ipaddr.IPv4(b.slice(2, 6)).range()) ?? "6to4";
  }
  // Teredo (2001::/32), local-use NAT64 (64:ff9b:1::/48) and every other special range: refused.
  return unicastOrRange(v6range);
}

/**
 * ipaddr.js reads any `::a.b.c.d` as IPv4-mapped (`::ffff:a.b.c.d`), but the kernel connects
 * `::8.8.8.8` to the IPv4-compatible `::808:808`; and getaddrinfo prints those in dotted form.
 * The URL parser writes IPv6 the way the socket will use it.
 */
function canonical(address: string): string {
  if (!address.includes(":") || !address.includes(".")) return address;
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address;
  }
}

const unicastOrRange = (range: string) => (range === "unicast" ? null : range);

function checkedLookup(hostname: string, allow: string[]): LookupFunction {
  return (host, options, callback) => {
    dns.lookup(host, { all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, "", 4);
      if (!addresses.length) return callback(new Error(`${hostname} has no address`), "", 4);
      const allowed = allow.includes(hostname.toLowerCase());
      for (const a of addresses) {
        const range = blockedRange(a.address);
        if (range && !(allowed || allow.includes(a.address))) {
          const e = new SafeFetchError(
            "blocked_address",
            `Refusing to fetch ${hostname}: it resolves to a ${range} address`,
          );
          return callback(e as NodeJS.ErrnoException, "", 4);
        }
      }
      const wanted = (options as { all?: boolean }).all;
      if (wanted) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

export type SafeResponse = {
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
};

function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SafeFetchError("bad_url", `Not a valid URL: ${raw.slice(0, 200)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SafeFetchError(
      "bad_url",
      `Only http and https links can be fetched, not ${url.protocol.replace(":", "")}`,
    );
  }
  if (url.username || url.password)
    throw new SafeFetchError("bad_url", "Links with a user name or password are not fetched");
  return url;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * The total-time cap of one fetch, from the first hop to the end of the body. A plain timer we
 * hold and clear: `AbortSignal.timeout()` combined with `AbortSignal.any()` can be
 * garbage-collected before it fires on Node 20, and then nothing stops a trickling download.
 */
class Deadline {
  private timer: NodeJS.Timeout;
  private live: { destroy(error: Error): void } | null = null;
  private outer?: AbortSignal;
  reason: SafeFetchError | null = null;

  constructor(timeoutMs: number, host: string, outer?: AbortSignal) {
    this.timer = setTimeout(
      () => this.expire(new SafeFetchError("timeout", `Fetching ${host} took longer than ${seconds(timeoutMs)}`)),
      timeoutMs,
    );
    if (outer) {
      this.outer = outer;
      if (outer.aborted) this.onOuterAbort();
      else outer.addEventListener("abort", this.onOuterAbort, { once: true });
    }
  }

  private onOuterAbort = () => this.expire(new SafeFetchError("timeout", "The fetch was stopped before it finished"));

  private expire(reason: SafeFetchError) {
    this.reason ??= reason;
    this.live?.destroy(this.reason);
    this.done();
  }

  /** The request, then the response, that the deadline ends. */
  watch(stream: { destroy(error: Error): void }) {
    this.live = stream;
    if (this.reason) stream.destroy(this.reason);
  }

  done() {
    clearTimeout(this.timer);
    this.outer?.removeEventListener("abort", this.onOuterAbort);
  }
}

type HopOptions = {
  headers: Record<string, string>;
  allow: string[];
  deadline: Deadline;
  idleMs: number;
  connectMs: number;
  postBody?: string | Buffer;
};

function requestOnce(url: URL, opts: HopOptions) {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // Literal IPs never go through DNS, so check them here.
  if (ipaddr.isValid(host)) {
    const range = blockedRange(host);
    if (range && !opts.allow.includes(host)) {
      throw new SafeFetchError("blocked_address", `Refusing to fetch ${host}: it is a ${range} address`);
    }
  }
  if (opts.deadline.reason) throw opts.deadline.reason;
  const mod = url.protocol === "https:" ? https : http;
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    let response: http.IncomingMessage | null = null;
    let connectTimer: NodeJS.Timeout | undefined;
    const req = mod.request(url, {
      method: opts.postBody === undefined ? "GET" : "POST",
      headers: {
        "user-agent": "Mixdesk/0.1",
        accept: "*/*",
        ...(opts.postBody === undefined ? {} : { "content-length": String(Buffer.byteLength(opts.postBody)) }),
        ...opts.headers,
      },
      lookup: checkedLookup(host, opts.allow),
      agent: false,
    });
    opts.deadline.watch(req);
    // Ends whichever stream is live, so its reader sees this error rather than a bare "aborted".
    const end = (error: SafeFetchError) => (response ? response.destroy(error) : req.destroy(error));
    req.on("socket", (socket) => {
      // Socket activity (every byte read) restarts this timer: it measures silence, not total time.
      socket.setTimeout(opts.idleMs);
      socket.on("timeout", () =>
        end(new SafeFetchError("timeout", `${url.host} sent nothing for ${seconds(opts.idleMs)}`)),
      );
      connectTimer = setTimeout(
        () => end(new SafeFetchError("timeout", `Could not connect to ${url.host} within ${seconds(opts.connectMs)}`)),
        opts.connectMs,
      );
      socket.once(url.protocol === "https:" ? "secureConnect" : "connect", () => clearTimeout(connectTimer));
      socket.once("close", () => clearTimeout(connectTimer));
    });
    req.on("response", (res) => {
      clearTimeout(connectTimer);
      response = res;
      // Readers attach their own listeners; a body nobody reads must not crash the process when
      // a cap ends it.
      res.on("error", () => {});
      opts.deadline.watch(res);
      resolve(res);
    });
    req.on("error", (err) => {
      clearTimeout(connectTimer);
      if (response) {
        // A reset after the headers: without this a body delimited by the connection's close
        // would end "normally", and a partial file would pass for the whole one.
        if (!response.complete)
          response.destroy(
            err instanceof SafeFetchError
              ? err
              : new SafeFetchError("network", `The connection to ${url.host} broke: ${err.message}`),
          );
        return;
      }
      if (err instanceof SafeFetchError) return reject(err);
      if (opts.deadline.reason) return reject(opts.deadline.reason);
      const cause = (err as NodeJS.ErrnoException).code;
      if (cause === "ENOTFOUND" || cause === "EAI_AGAIN") {
        return reject(new SafeFetchError("dns", `The host ${url.hostname} could not be found`));
      }
      reject(new SafeFetchError("network", `Could not fetch ${url.host}: ${err.message}`));
    });
    req.end(opts.postBody);
  });
}

/**
 * GETs a URL following redirects safely; the caller must consume or destroy `body`. The time,
 * idle and connect caps keep holding while the body is read.
 */
export async function safeFetch(raw: string, options: SafeFetchOptions = {}): Promise<SafeResponse> {
  const maxRedirects = options.maxRedirects ?? DEFAULTS.maxRedirects;
  const allow = (options.allowHosts ?? allowListFromEnv()).map((h) => h.toLowerCase());
  const timeoutMs = options.timeoutMs ?? env().FETCH_TIMEOUT_SECONDS * 1000;
  const idleMs = options.idleTimeoutMs ?? env().FETCH_IDLE_TIMEOUT_SECONDS * 1000;
  const connectMs = options.connectTimeoutMs ?? idleMs;
  let url = parseTarget(raw);
  const deadline = new Deadline(timeoutMs, url.host, options.signal);
  try {
    for (let hop = 0; ; hop++) {
      const res = await requestOnce(url, {
        headers: options.headers ?? {},
        allow,
        deadline,
        idleMs,
        connectMs,
        postBody: options.postBody,
      });
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location && options.postBody === undefined) {
        res.destroy();
        if (hop >= maxRedirects)
          throw new SafeFetchError("too_many_redirects", `Gave up after ${maxRedirects} redirects`);
        url = parseTarget(new URL(res.headers.location, url).toString());
        continue;
      }
      res.once("close", () => deadline.done());
      return { url: url.toString(), status, headers: res.headers, body: res };
    }
  } catch (error) {
    deadline.done();
    throw error;
  }
}

/**
 * Downloads a URL to a file, enforcing the size cap while streaming. Returns the bytes written.
 * Any failure (caps, a reset mid-body) removes the partial file and rejects with a SafeFetchError.
 */
export async function safeDownload(
  raw: string,
  dest: string,
  options: SafeFetchOptions = {},
): Promise<{ url: string; bytes: number; contentType: string | undefined }> {
  const maxBytes = options.maxBytes ?? DEFAULTS.maxBytes;
  const res = await safeFetch(raw, options);
  if (res.status < 200 || res.status >= 300) {
    res.body.destroy();
    throw new SafeFetchError("http_status", `The link answered HTTP ${res.status}`, res.status);
  }
  const declared = Number(res.headers["content-length"] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.body.destroy();
    throw new SafeFetchError("too_large", `The file is larger than the ${Math.round(maxBytes / 1048576)} MB limit`);
  }
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        cb(new SafeFetchError("too_large", `The file is larger than the ${Math.round(maxBytes / 1048576)} MB limit`));
      } else cb(null, chunk);
    },
  });
  try {
    await pipeline(res.body, counter, fs.createWriteStream(dest));
  } catch (error) {
    await fs.promises.rm(dest, { force: true });
    if (error instanceof SafeFetchError) throw error;
    throw new SafeFetchError("network", `The download was interrupted: ${(error as Error).message}`);
  }
  return { url: res.url, bytes, contentType: res.headers["content-type"] };
}
