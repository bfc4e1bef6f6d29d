// "Add to a draft" from the Files page and the draft page: one library item placed whole on a new
// audio track at a start time, through the one draft writer (the same path as Studio's apply).
// The draft gets its own copy of the file (linked when it can be), named as the library names it.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { importMaterial } from "@/lib/drafts/materials";
import { writeDraftClips } from "@/lib/drafts/writer";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { resolveMedia } from "@/lib/library/resolve";
import { libraryItem } from "@/lib/library/service";
import { MediaError } from "@/lib/media/ffmpeg";
import { materialise } from "@/lib/storage/store";

type Actor = { userId: string; teamId: string };

export const addLibraryAudioSchema = z.object({
  ref: z.string().trim().min(1, { error: "Choose a file from the library" }).max(100),
  /** Where the clip starts on the timeline, µs (0 by default). */
  startUs: z
    .int()
    .min(0)
    .max(24 * 3600 * 1_000_000)
    .default(0),
});

export async function addLibraryAudio(actor: Actor, draftId: string, ref: string, startUs: number) {
  const draft = await db.draft.findFirst({ where: { id: draftId, teamId: actor.teamId }, select: { id: true } });
  if (!draft) throw notFound("No such draft");
  const media = await resolveMedia(actor.teamId, ref);
  const item = await libraryItem(actor, media.ref);
  if (!item.durationUs) throw badRequest(`"${item.name}" holds no audio that can be placed in a draft`);
  // A draft's own material keeps its identity (its URL); any other item is known by its ref.
  const url =
    media.kind === "material"
      ? ((await db.draftMaterial.findUnique({ where: { id: media.ref.slice("material:".length) } }))?.url ?? media.ref)
      : media.ref;
  const result = await writeDraftClips(
    draft.id,
    [
      {
        url,
        start: startUs,
        duration: item.durationUs,
        sourceStart: 0,
        volume: 1,
        fadeIn: 0,
        fadeOut: 0,
        durationHint: item.durationUs,
        lane: 0,
      },
    ],
    {
      replace: false,
      obtain: async (id, u) => {
        try {
          return await importMaterial(id, u, await materialise(media.rel), item.name);
        } catch (error) {
          if (error instanceof MediaError && error.kind !== "failed")
            throw new AppError(
              "bad_request",
              `"${item.name}" holds no audio that can be placed in a draft`,
              undefined,
              {
                cause: error,
              },
            );
          throw error;
        }
      },
      beyondSource: () => badRequest(`"${item.name}" is empty`),
      label: () => `"${item.name}"`,
    },
  );
  return { draftId: draft.id, ...result };
}
