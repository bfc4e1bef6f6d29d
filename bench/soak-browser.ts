// The browser half of the soak: real Chromium (Debian's, through Playwright) signed in with the
// soak account's session cookie, walking the signed-in pages in a loop the way a person clicks
// around (dashboard, orders, an order, drafts, files, credits), each page rendered and its client
// requests (TanStack Query) answered. Counts page views and every error a person would notice:
// failed navigations, answers ≥ 400 from the app, uncaught page errors.
import { type Browser, chromium } from "playwright";

export type BrowserStats = {
  views: number;
  errors: number;
  lastErrors: string[];
  stop(): Promise<void>;
};

export async function startBrowserLoad(opts: {
  baseUrl: string;
  cookie: string;
  pages: number;
  paths: string[];
}): Promise<BrowserStats> {
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const url = new URL(opts.baseUrl);
  await context.addCookies(
    opts.cookie
      .split("; ")
      .filter(Boolean)
      .map((pair) => {
        const i = pair.indexOf("=");
        return { name: pair.slice(0, i), value: pair.slice(i + 1), domain: url.hostname, path: "/" };
      }),
  );
  const stats: BrowserStats = {
    views: 0,
    errors: 0,
    lastErrors: [],
    stop: async () => {},
  };
  const fail = (what: string) => {
    stats.errors++;
    stats.lastErrors = [...stats.lastErrors, what].slice(-10);
  };
  let running = true;
  const loops = Array.from({ length: opts.pages }, async (_, n) => {
    const page = await context.newPage();
    page.on("pageerror", (e) => fail(`page error: ${e.message}`));
    page.on("response", (r) => {
      if (r.url().startsWith(opts.baseUrl) && r.status() >= 400) fail(`${r.status()} ${r.url()}`);
    });
    for (let i = n; running; i++) {
      const path = opts.paths[i % opts.paths.length];
      try {
        const res = await page.goto(opts.baseUrl + path, { waitUntil: "load", timeout: 60_000 });
        if (!res || res.status() >= 400) fail(`navigation ${path}: ${res?.status()}`);
        // The page's own data requests (client-side queries) settle before the next click.
        await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => undefined);
        stats.views++;
      } catch (error) {
        if (running) fail(`navigation ${path}: ${(error as Error).message.split("\n")[0]}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    await page.close().catch(() => undefined);
  });
  stats.stop = async () => {
    running = false;
    await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, 70_000))]);
    await browser.close();
  };
  return stats;
}
