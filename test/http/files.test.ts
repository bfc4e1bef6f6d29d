// Files and named work over HTTP on the production build: an order is named after its upload and
// its stems download as "<title> - vocals.mp3" (RFC 5987 for non-ASCII), renamed and searched by
// name while the Open API answer keeps its shape; the library renames and deletes (usages first,
// refused while an order runs) only within the team; drafts take a name and library audio under
// its readable name.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { makeMix } from "@/test/helpers/media";
import { call, clip, newProject, timelineOf, track, uploadMedia } from "@/test/helpers/studio";
import { describe, expect, test } from "@/test/helpers/http-test";
import type { Client } from "@/test/http/client";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-files-http-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const mix = makeMix(path.join(dir, "mix.wav"), 3);

type Stuff = { name: string; business: string; url: string; downloadName: string; downloadUrl: string };
type Detail = { orderNo: string; status: string; title: string; customTitle: string | null; stuffs: Stuff[] };
type Usages = {
  orders: { orderNo: string; title: string; status: string }[];
  drafts: { id: string; name: string }[];
  projects: { id: string; name: string }[];
  blocked: boolean;
  deletable: boolean;
};

async function richAdmin(signedUp: (w?: { name?: string }) => Promise<{ client: Client; user: { id: string } }>) {
  const { client, user } = await signedUp({ name: "Mia" });
  const grant = await client.fetch(`/api/admin/users/${user.id}/credits`, {
    method: "POST",
    json: { amount: 1000, reason: "test credits" },
  });
  expect(grant.status).toBeLessThan(300);
  return client;
}

async function finished(c: Client, orderNo: string): Promise<Detail> {
  const end = Date.now() + 120_000;
  for (;;) {
    const { body } = await call<Detail>(c, "GET", `/api/orders/${orderNo}`);
    if (body.status === "finish") return body;
    if (body.status === "failed" || body.status === "timeout" || Date.now() > end)
      throw new Error(`order ${orderNo} is ${body.status}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe("named orders, the library's rename/delete/usages, named drafts", () => {
  test("an order is named after its file; downloads, search, CSV and rename use the name", async ({ signedUp }) => {
    const mia = await richAdmin(signedUp);
    const ref = await uploadMedia(mia, mix, "夏日 Song.wav");
    const created = await call<{ orderNo: string }>(mia, "POST", "/api/orders", {
      orderType: "extract-voice",
      stuff: { pathKey: ref },
    });
    expect(created.status).toBe(201);
    const { orderNo } = created.body;
    // The usages of a file an unfinished order reads: deleting it is refused even when confirmed.
    const early = await call<Usages>(mia, "GET", `/api/library/usages?ref=${ref}`);
    if (early.body.blocked) {
      const refused = await call(mia, "DELETE", `/api/library/item?ref=${ref}&force=1`);
      expect(refused.status).toBe(409);
    }

    const order = await finished(mia, orderNo);
    expect(order.title).toBe("夏日 Song");
    const vocals = order.stuffs.find((s) => s.business === "vocals")!;
    expect(vocals.downloadName).toBe("夏日 Song - vocals.mp3");
    const download = await mia.fetch(vocals.downloadUrl);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(
      `attachment; filename="__ Song - vocals.mp3"; filename*=UTF-8''${encodeURIComponent("夏日 Song - vocals.mp3")}`,
    );
    await download.arrayBuffer();
    // A name asked for cannot change what the file is.
    const renamedExt = await mia.fetch(`${vocals.url}&download=1&name=evil.html`);
    expect(renamedExt.headers.get("content-disposition")).toBe('attachment; filename="evil.mp3"');
    await renamedExt.arrayBuffer();

    // Rename; the list finds it by name, the CSV carries it, the Open API answer has no title.
    const renamed = await call(mia, "PATCH", `/api/orders/${orderNo}`, { title: "Beach vlog" });
    expect(renamed.status).toBe(200);
    expect((await finished(mia, orderNo)).stuffs[0].downloadName).toBe("Beach vlog - vocals.mp3");
    const found = await call<{ orders: { orderNo: string; title: string }[] }>(mia, "GET", "/api/orders?q=beach");
    expect(found.body.orders.map((o) => [o.orderNo, o.title])).toEqual([[orderNo, "Beach vlog"]]);
    const csv = await (await mia.fetch("/api/orders/export")).text();
    expect(csv.split("\r\n")[0]).toMatch(/^"?orderNo"?,"?title"?,/);
    expect(csv).toContain('"Beach vlog"');
    const key = (
      (await (await mia.fetch("/api/keys", { method: "POST", json: { name: "k" } })).json()) as { key: string }
    ).key;
    const open = await call<{ data: Record<string, unknown> }>(
      mia,
      "GET",
      `/api/open/v1/order/query?orderNo=${orderNo}&apiKey=${key}`,
    );
    expect(Object.keys(open.body.data).sort()).toEqual(
      ["balance", "cost", "orderNo", "orderType", "payStatus", "progress", "reason", "status", "stuffs"].sort(),
    );
    expect(Object.keys((open.body.data.stuffs as object[])[0]).sort()).toEqual(["business", "name", "url"]);

    // The stem in the library is named after the work, and a new order can start from it.
    const lib = await call<{ items: { ref: string; name: string; kind: string }[] }>(
      mia,
      "GET",
      "/api/library?kind=stem",
    );
    expect(lib.body.items.map((i) => i.name)).toEqual(["Beach vlog - vocals.mp3"]);
    const again = await call<{ orderNo: string }>(mia, "POST", "/api/orders", {
      orderType: "extract-music",
      stuff: { pathKey: lib.body.items[0].ref },
    });
    expect(again.status).toBe(201);
    expect((await call<Detail>(mia, "GET", `/api/orders/${again.body.orderNo}`)).body.title).toBe(
      "Beach vlog - vocals",
    );
    await finished(mia, again.body.orderNo);
    const invalid = await call(mia, "PATCH", `/api/orders/${orderNo}`, { title: "x".repeat(121) });
    expect(invalid.status).toBe(400);
  });

  test("rename and delete with usages shown first, only within the team", async ({ signedUp }) => {
    const mia = (await signedUp({ name: "Ann" })).client;
    const bob = (await signedUp({ name: "Bob" })).client;
    const ref = await uploadMedia(mia, mix, "take.wav");

    // Another team's ref is not found for every write.
    expect((await call(bob, "PATCH", "/api/library/item", { ref, name: "mine" })).status).toBe(404);
    expect((await call(bob, "DELETE", `/api/library/item?ref=${ref}&force=1`)).status).toBe(404);
    expect((await call(bob, "GET", `/api/library/usages?ref=${ref}`)).status).toBe(404);

    // Rename keeps the extension and refuses a path.
    const renamed = await call<{ name: string }>(mia, "PATCH", "/api/library/item", { ref, name: "Intro take" });
    expect(renamed.body.name).toBe("Intro take.wav");
    expect((await call(mia, "PATCH", "/api/library/item", { ref, name: "a/b" })).status).toBe(400);

    // A Studio project and a draft use it: both listed, delete needs confirming.
    const project = await newProject(
      mia,
      "Edit",
      timelineOf([track("t1", "A")], [clip("c1", "t1", ref, 0, 1_000_000)], {
        [ref]: { name: "Intro take.wav", durationUs: 3_000_000 },
      }),
    );
    const draft = await call<{ id: string; name: string; width: number; height: number }>(mia, "POST", "/api/drafts", {
      width: 1080,
      height: 1920,
      name: "夏日 vlog",
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ name: "夏日 vlog", width: 1080, height: 1920 });
    const placed = await call(mia, "POST", `/api/drafts/${draft.body.id}/audio`, { ref });
    expect(placed.status).toBe(200);
    const detail = await call<{ name: string; tracks: { clips: { name: string; sourceUrl: string }[] }[] }>(
      mia,
      "GET",
      `/api/drafts/${draft.body.id}`,
    );
    expect(detail.body.name).toBe("夏日 vlog");
    // The clip reads as the file's name; the library ref is never shown as its source.
    expect(detail.body.tracks[0].clips[0]).toMatchObject({ name: "Intro take.wav", sourceUrl: "" });

    const usages = await call<Usages>(mia, "GET", `/api/library/usages?ref=${ref}`);
    expect(usages.body).toMatchObject({
      orders: [],
      drafts: [{ id: draft.body.id, name: "夏日 vlog" }],
      projects: [{ id: project.id, name: "Edit" }],
      blocked: false,
      deletable: true,
    });
    const unconfirmed = await call<{ usages: Usages }>(mia, "DELETE", `/api/library/item?ref=${ref}`);
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body.usages.projects).toHaveLength(1);
    expect((await call(mia, "DELETE", `/api/library/item?ref=${ref}&force=1`)).status).toBe(200);

    // Gone from the library; the draft kept its own copy (its material is still listed and plays).
    const lib = await call<{ items: { ref: string; kind: string; name: string; url: string }[] }>(
      mia,
      "GET",
      "/api/library",
    );
    expect(lib.body.items.map((i) => [i.kind, i.name])).toEqual([["material", "Intro take.wav"]]);
    const material = lib.body.items[0];
    expect((await mia.fetch(material.url)).status).toBe(200);
    // Audio in a draft goes with its draft.
    expect((await call(mia, "DELETE", `/api/library/item?ref=${material.ref}&force=1`)).status).toBe(400);
  });
});
