// POST /api/uploads – upload a media file (multipart field `file`); answers its pathKey.
import { json, withSession } from "@/lib/http/with-session";
import { saveUpload } from "@/lib/storage/uploads";

export const POST = withSession(async ({ req, user }) => json(await saveUpload(req, { userId: user.id, teamId: user.team.id }), 201));
