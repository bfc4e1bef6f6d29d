// Changing the team's library from the Files page: what uses an item (orders, drafts, Studio
// projects), renaming it and deleting it. Every call resolves the ref within the caller's team
// first, so another team's ref is "not found" here as everywhere.
//
// Deleting: an item an unfinished order still reads is refused; any other use is shown first and
// the caller must confirm (`force`). Drafts keep their own copy of the audio (materials are linked
// or copied in), so they keep working; a Studio project's clips of a deleted item stop playing.
// Audio in a draft (`material:`) belongs to its draft and is not deleted from here.
import "server-only";
import fs from "node:fs";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError, badRequest } from "@/lib/errors";
import { resolveMedia } from "@/lib/library/resolve";
import { libraryItem } from "@/lib/library/service";
import { cleanFileName, orderTitle } from "@/lib/orders/download-name";
import { storage } from "@/lib/storage/store";

type Actor = { userId: string; teamId: string };

export const renameLibrarySchema = z.object({
  ref: z.string().trim().min(1).max(100),
  name: z
    .string()
    .trim()
    .min(1, { error: "Give it a name" })
    .max(200, { error: "At most 200 characters" })
    .refine((v) => !/[\\/]/.test(v), { error: "A name cannot contain / or \\" }),
});

export const deleteLibrarySchema = z.object({
  ref: z.string().trim().min(1).max(100),
  /** Delete even though something uses it (the page showed the usages and the user confirmed). */
  force: z.enum(["1", "true"]).optional(),
});

export type LibraryUsages = {
  ref: string;
  orders: { orderNo: string; title: string; status: string }[];
  drafts: { id: string; name: string }[];
  projects: { id: string; name: string }[];
  /** An unfinished order reads the file: deleting is refused until it ends. */
  blocked: boolean;
  /** Material of a draft: removed with its draft, not from the library. */
  deletable: boolean;
};

const ACTIVE = ["pending", "processing"];

/** What uses a library item: orders made from it, drafts it was placed in, Studio projects with it. */
export async function libraryUsages(actor: Actor, ref: string): Promise<LibraryUsages> {
  const media = await resolveMedia(actor.teamId, ref);
  const [orders, materials, projects] = await Promise.all([
    media.kind === "upload"
      ? db.order.findMany({
          where: { teamId: actor.teamId, pathKey: media.ref },
          orderBy: { createdAt: "desc" },
          select: { orderNo: true, title: true, status: true },
          take: 100,
        })
      : [],
    // A library item placed in a draft is remembered by its ref (Studio's apply); a draft's own
    // material is in exactly that draft.
    media.kind === "material"
      ? db.draftMaterial.findMany({
          where: { id: media.ref.slice("material:".length), draft: { teamId: actor.teamId } },
          select: { draft: { select: { id: true, name: true } } },
        })
      : db.draftMaterial.findMany({
          where: { url: media.ref, draft: { teamId: actor.teamId } },
          select: { draft: { select: { id: true, name: true } } },
          take: 100,
        }),
    // Timelines are JSON text; the ref's quotes make the match exact (`upload:ab` ≠ `upload:abc`).
    db.studioProject.findMany({
      where: { teamId: actor.teamId, timeline: { contains: `"${media.ref}"` } },
      orderBy: { updatedAt: "desc" },
      select: { id: true, name: true },
      take: 100,
    }),
  ]);
  const drafts = new Map(materials.map((m) => [m.draft.id, { id: m.draft.id, name: m.draft.name ?? m.draft.id }]));
  return {
    ref: media.ref,
    orders: orders.map((o) => ({ orderNo: o.orderNo, title: orderTitle(o), status: o.status })),
    drafts: [...drafts.values()],
    projects,
    blocked: orders.some((o) => ACTIVE.includes(o.status)),
    deletable: media.kind !== "material",
  };
}

const extOf = (name: string) => /\.[A-Za-z0-9]{1,5}$/.exec(name)?.[0] ?? "";

/** Renames an item; a file keeps its extension (what plays it depends on it). */
export async function renameLibraryItem(actor: Actor, ref: string, name: string) {
  const media = await resolveMedia(actor.teamId, ref);
  const id = media.ref.slice(media.ref.indexOf(":") + 1);
  const clean = cleanFileName(name);
  if (!clean) throw badRequest("Give it a name", { name: "Give it a name" });
  if (media.kind === "upload") {
    const ext = extOf(media.name);
    const filename = ext && !clean.toLowerCase().endsWith(ext.toLowerCase()) ? `${clean}${ext}` : clean;
    await db.upload.updateMany({ where: { id, teamId: actor.teamId }, data: { filename } });
  } else if (media.kind === "file") {
    await db.orderFile.updateMany({ where: { id, deletedAt: null }, data: { label: clean } });
  } else {
    await db.draftMaterial.updateMany({ where: { id }, data: { displayName: clean } });
  }
  return libraryItem(actor, media.ref);
}

/** Deletes an item (see the file comment); answers what was deleted and what used it. */
export async function deleteLibraryItem(actor: Actor, ref: string, force: boolean) {
  const usages = await libraryUsages(actor, ref);
  if (!usages.deletable)
    throw badRequest("This audio belongs to a draft: remove it from the draft, or delete the draft");
  if (usages.blocked)
    throw new AppError(
      "conflict",
      "An order that is still running uses this file; delete it when the order ends",
      undefined,
      {
        extensions: { usages },
      },
    );
  const used = usages.orders.length + usages.drafts.length + usages.projects.length > 0;
  if (used && !force)
    throw new AppError("conflict", "This file is in use; confirm to delete it anyway", undefined, {
      extensions: { usages },
    });
  const media = await resolveMedia(actor.teamId, ref);
  const id = media.ref.slice(media.ref.indexOf(":") + 1);
  if (media.kind === "upload") {
    // The row goes first: a file without a row is swept later, a row without a file is a dead item.
    await db.upload.deleteMany({ where: { id, teamId: actor.teamId } });
  } else {
    await db.orderFile.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: new Date() } });
  }
  await fs.promises.rm(media.absPath, { force: true });
  if (storage().kind === "s3") await storage().delete([media.rel]);
  return { deleted: media.ref, usages };
}
