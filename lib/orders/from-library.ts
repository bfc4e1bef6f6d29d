// Orders started in the browser: the Open API's create with a title, and a source that may be any
// library item. Orders read their input from an upload or a link, so an order result or a draft's
// audio is first linked into the uploads (a new library item named like it, `source: file`).
import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { z } from "zod";
import type { browserCreateOrderSchema } from "@/lib/contracts/orders";
import { UPLOAD_PREFIX } from "@/lib/contracts/order-types";
import { db } from "@/lib/db";
import { parseMediaRef, resolveMedia } from "@/lib/library/resolve";
import { libraryItem } from "@/lib/library/service";
import { createOrder } from "@/lib/orders/service";
import { ensureDir } from "@/lib/storage/files";
import { materialise, persist } from "@/lib/storage/store";

type Actor = { userId: string; teamId: string };
type Body = z.output<typeof browserCreateOrderSchema>;

/** `upload:<id>` for a library item: the upload itself, else a new upload linked (or copied) from it. */
async function asUpload(actor: Actor, ref: string, name: string | undefined): Promise<string> {
  const media = await resolveMedia(actor.teamId, ref);
  if (media.kind === "upload") return media.ref;
  const dir = await ensureDir("uploads");
  const id = randomUUID();
  const dest = path.join(dir, id);
  const source = await materialise(media.rel);
  try {
    await fs.promises.link(source, dest);
  } catch {
    await fs.promises.copyFile(source, dest);
  }
  // Named as the library shows it (a stem reads "<title> - vocals.mp3", not "vocals.mp3").
  const shown = (await libraryItem(actor, media.ref)).name;
  const ext = path.extname(media.name) || path.extname(shown);
  const base = (name?.trim() || shown.replace(/\.[A-Za-z0-9]{1,5}$/, "")).slice(0, 200);
  const stat = await fs.promises.stat(dest);
  await persist(`uploads/${id}`);
  await db.upload.create({
    data: {
      id,
      userId: actor.userId,
      teamId: actor.teamId,
      filename: `${base}${ext}`,
      path: `uploads/${id}`,
      bytes: stat.size,
      source: "file",
    },
  });
  return `${UPLOAD_PREFIX}${id}`;
}

export async function createBrowserOrder(actor: Actor, body: Body, idempotencyKey: string | null) {
  let pathKey = body.stuff.pathKey;
  const ref = parseMediaRef(pathKey);
  if (ref && ref.kind !== "upload") pathKey = await asUpload(actor, pathKey, body.title);
  return createOrder(actor, { orderType: body.orderType, stuff: { pathKey } }, idempotencyKey, { title: body.title });
}
