// The one way Mixdesk fetches a user-supplied URL. http(s) only; every address a host resolves
// to is classified with ipaddr.js and anything but public unicast is refused (loopback, private,
// link-local and cloud metadata, CGNAT, IPv4-mapped IPv6 of those…); the socket connects to the
// address that was checked, so DNS rebinding cannot swap it; redirects are followed by hand and
// each hop is checked again; size and time are capped.
import dns from "node:dns";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import ipaddr from "ipaddr.js";

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
  timeoutMs?: number;
  maxRedirects?: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Hosts or IPs allowed although not public (tests on loopback). Defaults to FETCH_ALLOW_HOSTS. */
  allowHosts?: string[];
  /** POST this body instead of a GET (webhooks). A redirect answer is then returned, not followed. */
  postBody?: string;
};

const DEFAULTS = { maxBytes: 200 * 1024 * 1024, timeoutMs: 120_000, maxRedirects: 5 };

export function allowListFromEnv(): string[] {
  return (process.env.FETCH_ALLOW_HOSTS ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

/** Why an address may not be fetched, or null when it is a public unicast address. */
export function blockedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return "invalid";
  let addr = ipaddr.parse(address);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  const range = addr.range();
  return range === "unicast" ? null : range;
}

function checkedLookup(hostname: string, allow: string[]): LookupFunction {
  return (host, options, callback) => {
    dns.lookup(host, { all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, "", 4);
      if (!addresses.length) return callback(new Error(`${hostname} has no address`), "", 4);
      const allowed = allow.includes(hostname.toLowerCase());
      for (const a of addresses) {
        const range = blockedRange(a.address);
        if (range && !(allowed || allow.includes(a.address))) {
          const e = new SafeFetchError("blocked_address", `Refusing to fetch ${hostname}: it resolves to a ${range} address`);
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
    throw new SafeFetchError("bad_url", `Only http and https links can be fetched, not ${url.protocol.replace(":", "")}`);
  }
  if (url.username || url.password) throw new SafeFetchError("bad_url", "Links with a user name or password are not fetched");
  return url;
}

function requestOnce(
  url: URL,
  opts: Required<Pick<SafeFetchOptions, "headers">> & { allow: string[]; signal: AbortSignal; postBody?: string },
) {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // Literal IPs never go through DNS, so check them here.
  if (ipaddr.isValid(host)) {
    const range = blockedRange(host);
    if (range && !opts.allow.includes(host)) {
      throw new SafeFetchError("blocked_address", `Refusing to fetch ${host}: it is a ${range} address`);
    }
  }
  const mod = url.protocol === "https:" ? https : http;
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = mod.request(
      url,
      {
        method: opts.postBody === undefined ? "GET" : "POST",
        headers: {
          "user-agent": "Mixdesk/0.1",
          accept: "*/*",
          ...(opts.postBody === undefined ? {} : { "content-length": String(Buffer.byteLength(opts.postBody)) }),
          ...opts.headers,
        },
        lookup: checkedLookup(host, opts.allow),
        signal: opts.signal,
        agent: false,
      },
      resolve,
    );
    req.on("error", (err) => {
      if (err instanceof SafeFetchError) return reject(err);
      const cause = (err as NodeJS.ErrnoException).code;
      if (opts.signal.aborted) return reject(new SafeFetchError("timeout", `Fetching ${url.host} took too long`));
      if (cause === "ENOTFOUND" || cause === "EAI_AGAIN") {
        return reject(new SafeFetchError("dns", `The host ${url.hostname} could not be found`));
      }
      reject(new SafeFetchError("network", `Could not fetch ${url.host}: ${err.message}`));
    });
    req.end(opts.postBody);
  });
}

/** GETs a URL following redirects safely; the caller must consume or destroy `body`. */
export async function safeFetch(raw: string, options: SafeFetchOptions = {}): Promise<SafeResponse> {
  const maxRedirects = options.maxRedirects ?? DEFAULTS.maxRedirects;
  const allow = (options.allowHosts ?? allowListFromEnv()).map((h) => h.toLowerCase());
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULTS.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let url = parseTarget(raw);
  for (let hop = 0; ; hop++) {
    const res = await requestOnce(url, { headers: options.headers ?? {}, allow, signal, postBody: options.postBody });
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location && options.postBody === undefined) {
      res.resume();
      if (hop >= maxRedirects) throw new SafeFetchError("too_many_redirects", `Gave up after ${maxRedirects} redirects`);
      url = parseTarget(new URL(res.headers.location, url).toString());
      continue;
    }
    return { url: url.toString(), status, headers: res.headers, body: res };
  }
}

/** Downloads a URL to a file, enforcing the size cap while streaming. Returns the bytes written. */
export async function safeDownload(
  raw: string,
  dest: string,
  options: SafeFetchOptions = {},
): Promise<{ url: string; bytes: number; contentType: string | undefined }> {
  const maxBytes = options.maxBytes ?? DEFAULTS.maxBytes;
  const res = await safeFetch(raw, options);
  if (res.status < 200 || res.status >= 300) {
    res.body.resume();
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
    if ((error as Error).name === "AbortError" || (error as NodeJS.ErrnoException).code === "ABORT_ERR") {
      throw new SafeFetchError("timeout", "Downloading the file took too long");
    }
    throw new SafeFetchError("network", `The download was interrupted: ${(error as Error).message}`);
  }
  return { url: res.url, bytes, contentType: res.headers["content-type"] };
}
