// GET /api/uploads/<id>/peaks?points=800 – waveform peaks (0..1) of a team upload.
import { peaksQuerySchema } from "@/lib/contracts/music";
import { createRoute } from "@/lib/http/route";
import { uploadPeaks } from "@/lib/storage/from-url";

export const GET = createRoute({
  auth: "session",
  query: peaksQuerySchema,
  handler: ({ params, query, user }) => uploadPeaks(user.team.id, params.id, query.points),
});
