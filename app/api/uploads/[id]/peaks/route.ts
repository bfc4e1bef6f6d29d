// GET /api/uploads/<id>/peaks?points=800 – waveform peaks (0..1) of a team upload.
import { peaksQuerySchema } from "@/lib/contracts/music";
import { withSession } from "@/lib/http/with-session";
import { uploadPeaks } from "@/lib/storage/from-url";

export const GET = withSession(async ({ params, query, user }) => uploadPeaks(user.team.id, params.id, query.points), { query: peaksQuerySchema });
