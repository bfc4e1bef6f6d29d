// GET /api/library/item?ref=<MediaRef> – one library item of the team, its duration measured if unknown;
// PATCH {ref, name} – rename it; DELETE ?ref=&force=1 – delete it (409 with `usages` while something
// uses it and force is not given; refused while an unfinished order reads it).
import { createRoute } from "@/lib/http/route";
import { deleteLibraryItem, deleteLibrarySchema, renameLibraryItem, renameLibrarySchema } from "@/lib/library/manage";
import { libraryItem, libraryRefSchema } from "@/lib/library/service";

export const GET = createRoute({
  auth: "session",
  query: libraryRefSchema,
  handler: ({ user, query }) => libraryItem({ userId: user.id, teamId: user.team.id }, query.ref),
});

export const PATCH = createRoute({
  auth: "session",
  body: renameLibrarySchema,
  handler: ({ user, body }) => renameLibraryItem({ userId: user.id, teamId: user.team.id }, body.ref, body.name),
});

export const DELETE = createRoute({
  auth: "session",
  query: deleteLibrarySchema,
  handler: ({ user, query }) =>
    deleteLibraryItem({ userId: user.id, teamId: user.team.id }, query.ref, query.force !== undefined),
});
