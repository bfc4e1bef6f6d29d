// Property-based fuzzing of every route of the three public dialects and the browser API, over real
// HTTP against the production build: whatever the method, path parameters, query, body, content type
// and credentials, no answer is a 5xx and every answer is in its dialect's envelope.
// FUZZ_RUNS sets the number of requests (default 2,000).
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuzzSettings, repoRoot } from "@/test/helpers/test-run";
import { startServer, type TestServer } from "@/test/helpers/server";
import { Client } from "@/test/http/client";

type Dialect = "open" | "draft" | "music" | "problem" | "raw";
type Route = { pattern: string; methods: string[]; dialect: Dialect };

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const { runs: RUNS, seed: SEED } = fuzzSettings();

/** Every route.ts under app/, with the methods it exports, as a URL pattern with [param] holes. */
function discoverRoutes(): Route[] {
  const routes: Route[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (entry.name === "route.ts") {
        const rel = path.relative(path.join(repoRoot, "app"), path.dirname(abs)).split(path.sep);
        const pattern = `/${rel.filter((s) => !/^\(.*\)$/.test(s)).join("/")}`;
        if (pattern.startsWith("/api/auth/")) continue; // next-auth's own handler, not ours
        const source = fs.readFileSync(abs, "utf8");
        const methods = METHODS.filter((m) =>
          new RegExp(`export (const|async function|function) ${m}\\b|${m} }|as ${m}\\b`).test(source),
        );
        const dialect: Dialect = pattern.startsWith("/api/open/")
          ? "open"
          : pattern.startsWith("/api/v1/")
            ? "music"
            : pattern.startsWith("/v1/")
              ? "draft"
              : /^\/api\/(files|drafts\/\[id\]\/download|health|openapi\.json)/.test(pattern)
                ? "raw"
                : "problem";
        routes.push({ pattern, methods, dialect });
      }
    }
  };
  walk(path.join(repoRoot, "app"));
  return routes;
}

const routes = discoverRoutes();

const routeRegex = (pattern: string) =>
  new RegExp(
    "^" +
      pattern
        .split(/(\[\.\.\.[^\]]+\]|\[[^\]]+\])/)
        .map((part) =>
          part.startsWith("[...") ? ".+" : part.startsWith("[") ? "[^/]+" : part.replace(/[.*+?^${}()|\\]/g, "\\$&"),
        )
        .join("") +
      "$",
  );

let server: TestServer;
let session: Client;
let key: string;

beforeAll(async () => {
  server = await startServer();
  session = new Client(server.baseUrl);
  await session.signUp({ email: `fuzz-${Date.now()}@example.com`, name: "Fuzz", password: "a long password 1" });
  const res = await session.fetch("/api/keys", { method: "POST", json: { name: "fuzz" } });
  key = ((await res.json()) as { key: string }).key;
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

const segment = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{32}$/),
  fc.string({ maxLength: 40 }),
  fc.constantFrom("..", "%2e%2e", "%25ZZ", "%", "null", "0", "-1", "upload:x", "a".repeat(300)),
);

const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    {
      orderType: fc.oneof(fc.constantFrom("track-separation", "extract-text", "x"), fc.string()),
      stuff: fc.oneof(
        fc.record({ pathKey: fc.oneof(fc.string(), fc.constantFrom("upload:nope", "ftp://x", "http://127.0.0.1/x")) }),
        fc.string(),
      ),
      link: fc.oneof(fc.string(), fc.constantFrom("7.43 复制 http://127.0.0.1:1/x", "https://v.douyin.com/")),
      draft_url: fc.oneof(fc.string(), fc.constant(`https://x/v1/get_draft?draft_id=${"0".repeat(32)}`)),
      audio_infos: fc.oneof(
        fc.string(),
        fc.jsonValue({ maxDepth: 2 }),
        fc.constant('[{"audio_url":"http://127.0.0.1:1/a.mp3","start":0,"end":1,"duration":1}]'),
      ),
      email: fc.oneof(fc.emailAddress(), fc.string()),
      password: fc.string(),
      name: fc.string(),
      prices: fc.jsonValue({ maxDepth: 2 }),
      days: fc.oneof(fc.integer(), fc.string()),
      width: fc.oneof(fc.integer(), fc.double(), fc.string()),
    },
    { requiredKeys: [] },
  ),
);

const body = fc.oneof(
  jsonish.map((v) => ({ text: JSON.stringify(v), type: "application/json" })),
  fc.string({ maxLength: 200 }).map((s) => ({ text: s, type: "application/json" })),
  fc.string({ maxLength: 200 }).map((s) => ({ text: s, type: "text/plain" })),
  fc.constantFrom(
    {
      text: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.mp3"\r\n\r\nabc',
      type: "multipart/form-data; boundary=x",
    },
    { text: "abc", type: "multipart/form-data" },
    { text: "", type: "application/json" },
    { text: "", type: "" },
  ),
);

const query = fc.dictionary(
  fc.constantFrom(
    "orderNo",
    "draft_id",
    "draft_url",
    "apiKey",
    "page",
    "pageSize",
    "from",
    "to",
    "kind",
    "index",
    "q",
    "status",
    "type",
    "exp",
    "sig",
    "download",
  ),
  fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("9999-12-31", "0000-01-01", "-1", "1e309", "video", "NaN")),
  { maxKeys: 4 },
);

const requestCase = fc.record({
  route: fc.constantFrom(...routes),
  method: fc.constantFrom(...METHODS),
  params: fc.array(segment, { minLength: 4, maxLength: 4 }),
  query,
  body,
  auth: fc.constantFrom("none", "key", "badKey", "session", "both"),
});

function envelopeProblem(dialect: Dialect, status: number, contentType: string, text: string): string | null {
  if (dialect === "raw") return null;
  if (status === 204 || status === 405 || (status >= 300 && status < 400)) return null;
  // Successes may be files (CSV, media); errors are always the dialect's JSON.
  if (status < 400 && !contentType.includes("json")) return null;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch {
    return `not JSON (${contentType}): ${text.slice(0, 120)}`;
  }
  if (dialect === "open") {
    if (typeof json.code !== "number" || typeof json.msg !== "string" || !("data" in json))
      return "not {code,data,msg}";
    if (status >= 400 && json.code !== status) return `code ${json.code} for HTTP ${status}`;
    return null;
  }
  if (dialect === "music") {
    if (status !== 200) return `HTTP ${status}: the Music API answers 200 with the code in the body`;
    if (typeof json.code !== "number" || typeof json.msg !== "string" || !("data" in json))
      return "not {code,msg,data}";
    return null;
  }
  if (dialect === "draft") return status >= 400 && typeof json.detail !== "string" ? "error without {detail}" : null;
  if (status >= 400) {
    if (!contentType.includes("application/problem+json")) return `error not problem+json (${contentType})`;
    if (json.status !== status || typeof json.detail !== "string") return "problem without status/detail";
  }
  return null;
}

describe("fuzzing every route", () => {
  it("finds the routes of all three dialects and the browser API", () => {
    const patterns = routes.map((r) => r.pattern);
    expect(patterns).toEqual(
      expect.arrayContaining([
        "/api/open/v1/order/create",
        "/v1/add_audios",
        "/api/v1/generate/upload-extend",
        "/api/orders",
        "/api/uploads",
      ]),
    );
    expect(routes.every((r) => r.methods.length > 0)).toBe(true);
  });

  it(`answers ${RUNS} random requests with no 5xx, always in the dialect's envelope`, async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestCase, async (c) => {
        let i = 0;
        const url = new URL(
          server.baseUrl +
            c.route.pattern.replace(/\[\.\.\.[^\]]+\]|\[[^\]]+\]/g, () =>
              encodeURIComponent(c.params[i++ % 4]).replace(/%2F/gi, "/"),
            ),
        );
        for (const [k, v] of Object.entries(c.query)) url.searchParams.set(k, v);
        const headers = new Headers();
        if (c.auth === "key" || c.auth === "both") headers.set("authorization", `Bearer ${key}`);
        if (c.auth === "badKey") headers.set("authorization", "Bearer mxk_not_a_real_key");
        if ((c.auth === "session" || c.auth === "both") && session.cookieHeader())
          headers.set("cookie", session.cookieHeader());
        const hasBody = c.method !== "GET";
        if (hasBody && c.body.type) headers.set("content-type", c.body.type);
        const res = await fetch(url, {
          method: c.method,
          headers,
          body: hasBody ? c.body.text : undefined,
          redirect: "manual",
        });
        const text = await res.text();
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        const where = `${c.method} ${url.pathname}${url.search} (${c.auth}, ${c.body.type}) → ${res.status}`;
        if (res.status >= 500) throw new Error(`${where}: ${text.slice(0, 300)}`);
        // A path that normalised to another route (`..`, an encoded slash) is that route's business:
        // it still must not be a 5xx, which was checked above.
        if (!routeRegex(c.route.pattern).test(url.pathname)) return;
        // Next's trailing-slash redirect (308) answers before any route runs: the framework's, like its 405.
        if (res.status === 308 && url.pathname.endsWith("/")) return;
        if (!c.route.methods.includes(c.method) && c.route.dialect !== "music") return; // the framework's 405
        const problem = envelopeProblem(c.route.dialect, res.status, res.headers.get("content-type") ?? "", text);
        if (problem) throw new Error(`${where}: ${problem}`);
        if (!res.headers.get("x-request-id") && c.route.dialect !== "raw") throw new Error(`${where}: no X-Request-Id`);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // The fuzz reached past authentication and validation, not only 401s.
    expect([...seen.keys()].some((s) => s === 200 || s === 201)).toBe(true);
    expect(seen.get(400) ?? 0).toBeGreaterThan(50);
  }, 600_000);
});
