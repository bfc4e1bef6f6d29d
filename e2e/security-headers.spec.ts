// Every page is served with the security headers, and the Content-Security-Policy lets the pages
// work: no CSP violation, no page error, while a signed-in admin walks the whole app.
import { expect, type Page, type Response, test } from "@playwright/test";
import { createAdminWithCli, newPage } from "./helpers";

const run = Date.now().toString(36);
const admin = { name: "Hedda Headers", email: `hedda-${run}@example.test`, password: "strict-headers-42" };

// A page's document response, its CSP problems and its errors, collected while it is visited.
function watch(page: Page) {
  const problems: string[] = [];
  page.on("console", (msg) => {
    const text = msg.text();
    if (/Content[- ]Security[- ]Policy|Refused to (load|execute|apply|connect|frame)/i.test(text)) {
      problems.push(`console ${msg.type()}: ${text}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

// Browsers report violations as `securitypolicyviolation` events too; record them in the page.
async function recordViolations(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.__cspViolations.push(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
}
const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);

function expectSecurityHeaders(response: Response | null, where: string) {
  expect(response, where).not.toBeNull();
  const h = response!.headers();
  expect(h["x-content-type-options"], where).toBe("nosniff");
  expect(h["x-frame-options"], where).toBe("DENY");
  expect(h["referrer-policy"], where).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"], where).toContain("camera=()");
  const csp = h["content-security-policy"] ?? "";
  for (const directive of [
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob:",
  ]) {
    expect(csp, `${where}: ${directive}`).toContain(directive);
  }
  expect(csp, where).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp, where).not.toContain("'unsafe-eval'");
  // The e2e server's public URL is http, so no HSTS (browsers ignore it over http anyway).
  expect(h["strict-transport-security"], where).toBeUndefined();
}

async function visit(page: Page, url: string, ready: () => Promise<void>) {
  const problems = watch(page);
  const response = await page.goto(url);
  expectSecurityHeaders(response, url);
  await ready();
  // Give late scripts (hydration, queries) a moment to run into the policy if they would.
  await page.waitForLoadState("networkidle");
  expect([...problems, ...(await violations(page))], url).toEqual([]);
  page.removeAllListeners("console");
  page.removeAllListeners("pageerror");
  return response!;
}

test("every page carries the security headers and runs under its CSP without a violation", async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page } = await newPage(browser);
  await recordViolations(page);

  // Signed out: the sign-in and sign-up pages.
  await visit(page, "/signin", () => expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible());
  await visit(page, "/signup", () => expect(page.getByRole("button", { name: "Create account" })).toBeVisible());

  // Each request gets its own nonce.
  const a = (await page.request.get("/signin")).headers()["content-security-policy"];
  const b = (await page.request.get("/signin")).headers()["content-security-policy"];
  expect(a).not.toBe(b);

  // An admin (made with the operator CLI: other specs may own the first account) signs in through the form.
  createAdminWithCli(admin);
  await visit(page, "/signin", async () => {
    await page.getByLabel("Email", { exact: true }).fill(admin.email);
    await page.getByLabel("Password", { exact: true }).fill(admin.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  // Each page's document title is "<its name in the navigation> · Mixdesk".
  const pages: [string, string][] = [
    ["/dashboard", "Dashboard"],
    ["/orders", "Orders"],
    ["/orders/new", "New order"],
    ["/drafts", "Drafts"],
    ["/short-video", "Short video"],
    ["/keys", "API keys"],
    ["/team", "Team"],
    ["/docs/api", "API docs"],
    ["/admin/users", "Users"],
    ["/admin/prices", "Prices"],
    ["/admin/ledger", "Ledger"],
  ];
  for (const [url, name] of pages) {
    await visit(page, url, async () => {
      await expect(page).toHaveTitle(`${name} · Mixdesk`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    });
  }

  // API responses get the static headers too (not the page CSP).
  const api = await page.request.get("/api/me");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["x-frame-options"]).toBe("DENY");

  await context.close();
});
