// What the page-wide specs (a11y, phone) need: one of each kind of thing a page shows (an order,
// a failed order, a draft, a Studio project) made over the browser API, and the list of pages.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { type APIRequestContext, expect, type Page } from "@playwright/test";

export type Made = { orderNo: string; draftId: string; projectId: string };

/** A loopback server (the e2e server may fetch 127.0.0.1) with one 5 s tone at /tone.wav; every
 * other path answers 404, so an order on it fails at once, uncharged. */
export async function missingMediaServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-e2e-pages-"));
  const tone = path.join(dir, "tone.wav");
  execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=5", tone]);
  const server = http.createServer((req, res) => {
    if (req.url !== "/tone.wav") return res.writeHead(404, { "content-type": "text/plain" }).end("gone");
    res.writeHead(200, { "content-type": "audio/wav", "content-length": fs.statSync(tone).size });
    fs.createReadStream(tone).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An order on a link that answers 404, awaited until it has failed (the admin's credits hold it briefly). */
export async function failedOrder(request: APIRequestContext, link: string): Promise<string> {
  const me = await (await request.get("/api/me")).json();
  const grant = await request.post(`/api/admin/users/${me.user.id}/credits`, {
    data: { amount: 50, reason: "e2e pages" },
  });
  expect(grant.ok()).toBe(true);
  const created = await request.post("/api/orders", {
    data: { orderType: "track-separation", stuff: { pathKey: `${link}/song.mp3` } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { orderNo } = (await created.json()) as { orderNo: string };
  await expect
    .poll(async () => (await (await request.get(`/api/orders/${orderNo}`)).json()).status, { timeout: 30_000 })
    .toBe("failed");
  return orderNo;
}

export async function makeThings(request: APIRequestContext, link: string): Promise<Made> {
  const orderNo = await failedOrder(request, link);
  const draft = await request.post("/api/drafts", { data: {} });
  expect(draft.status()).toBe(201);
  const { id: draftId } = (await draft.json()) as { id: string };
  // Two clips with long names, one short, so the timeline has something to squeeze on a phone.
  const key = await request.post("/api/keys", { data: { name: "e2e pages" } });
  expect(key.status()).toBe(201);
  const clip = (start: number, end: number) => ({ audio_url: `${link}/tone.wav`, start, end, duration: 5_000_000 });
  const added = await request.post("/v1/add_audios", {
    headers: { authorization: `Bearer ${((await key.json()) as { key: string }).key}` },
    data: {
      draft_url: `http://127.0.0.1/v1/get_draft?draft_id=${draftId}`,
      audio_infos: JSON.stringify([clip(0, 5_000_000), clip(3_500_000, 5_000_000)]),
    },
  });
  expect(added.status(), await added.text()).toBe(200);
  const project = await request.post("/api/studio/projects", { data: { name: "a11y mix" } });
  expect(project.status()).toBe(201);
  const { id: projectId } = (await project.json()) as { id: string };
  return { orderNo, draftId, projectId };
}

/** Every page of the signed-in app, by path. */
export const appPages = (m: Made) => [
  "/dashboard",
  "/orders",
  "/orders/new",
  `/orders/${m.orderNo}`,
  "/short-video",
  "/drafts",
  `/drafts/${m.draftId}`,
  "/studio",
  `/studio/${m.projectId}`,
  "/music",
  "/keys",
  "/team",
  "/admin/users",
  "/admin/ledger",
  "/admin/prices",
  "/admin/settings",
  "/docs/api",
];

/** Waits until the page has drawn its main region and its first data (no "Loading…" left). */
export async function settled(page: Page) {
  await expect(page.locator("main").first()).toBeVisible();
  await expect(page.getByText(/^Loading…$/)).toHaveCount(0, { timeout: 15_000 });
}
