// POST /api/uploads/from-url {url} – fetch a link into an upload of the team and probe it.
import { fromUrlSchema } from "@/lib/contracts/music";
import { json, withSession } from "@/lib/http/with-session";
import { uploadFromUrl } from "@/lib/storage/from-url";

export const POST = withSession(async ({ body, user }) => json(await uploadFromUrl({ userId: user.id, teamId: user.team.id }, body.url), 201), { body: fromUrlSchema });
