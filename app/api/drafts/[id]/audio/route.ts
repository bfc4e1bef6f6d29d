// POST /api/drafts/<id>/audio {ref, startUs?} – place a library item whole on a new audio track of the
// team's draft (the Files page's and the draft page's "Add to a draft").
import { addLibraryAudio, addLibraryAudioSchema } from "@/lib/drafts/library-audio";
import { createRoute } from "@/lib/http/route";

export const POST = createRoute({
  auth: "session",
  body: addLibraryAudioSchema,
  handler: ({ user, params, body }) =>
    addLibraryAudio({ userId: user.id, teamId: user.team.id }, params.id, body.ref, body.startUs),
});
