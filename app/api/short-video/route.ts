// GET /api/short-video – the team's past parses; POST /api/short-video {link} – parse (charged like the Open API).
import { shortVideoAnalyzeSchema } from "@/lib/contracts/short-video";
import { createRoute } from "@/lib/http/route";
import { listTeamParses } from "@/lib/short-video/browser";
import { analyzeForBrowser } from "@/lib/short-video/service";

export const GET = createRoute({
  auth: "session",
  handler: async ({ user }) => ({ parses: await listTeamParses(user.team.id) }),
});

export const POST = createRoute({
  auth: "session",
  body: shortVideoAnalyzeSchema,
  status: 201,
  handler: ({ user, body }) => analyzeForBrowser({ userId: user.id, teamId: user.team.id }, body.link),
});
