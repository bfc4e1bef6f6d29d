// GET /api/library/peaks?ref=<MediaRef>&spp=<n> – waveform-data v2 peaks (application/octet-stream)
// of a team's media at the level 256·2^k ≤ spp; the X-Duration-Us header carries the decoded length.
import { createRoute } from "@/lib/http/route";
import { libraryPeaks, peaksQuerySchema } from "@/lib/library/service";

export const GET = createRoute({
  auth: "session",
  query: peaksQuerySchema,
  handler: ({ user, query }) => libraryPeaks({ userId: user.id, teamId: user.team.id }, query.ref, query.spp),
});
