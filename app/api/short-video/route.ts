// GET /api/short-video – the team's past parses; POST /api/short-video {link} – parse (charged like the Open API).
import { shortVideoAnalyzeSchema } from "@/lib/contracts/short-video";
import { badRequest, AppError } from "@/lib/errors";
import { json, withSession } from "@/lib/http/with-session";
import { ShortVideoError } from "@/lib/short-video";
import { listTeamParses, parseView } from "@/lib/short-video/browser";
import { analyzeShortVideo } from "@/lib/short-video/service";
import { db } from "@/lib/db";

export const GET = withSession(async ({ user }) => ({ parses: await listTeamParses(user.team.id) }));

export const POST = withSession(
  async ({ user, body }) => {
    try {
      const r = await analyzeShortVideo({ userId: user.id, teamId: user.team.id }, body.link);
      return json({ parse: parseView(await db.shortVideoParse.findUniqueOrThrow({ where: { id: r.id } })), balance: r.balance }, 201);
    } catch (error) {
      if (error instanceof ShortVideoError) throw error.kind === "input" ? badRequest(error.message, { link: error.message }) : new AppError("bad_request", error.message);
      throw error;
    }
  },
  { body: shortVideoAnalyzeSchema },
);
