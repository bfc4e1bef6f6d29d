// GET /api/orders/:orderNo/transcript/download?format=txt|srt|vtt – the latest version as a file.
import { transcriptDownloadQuery } from "@/lib/contracts/transcripts";
import { createRoute } from "@/lib/http/route";
import { transcriptDownload } from "@/lib/transcripts/service";

export const GET = createRoute({
  auth: "session",
  query: transcriptDownloadQuery,
  handler: async ({ user, params, query }) => {
    const file = await transcriptDownload({ userId: user.id, teamId: user.team.id }, params.orderNo, query.format);
    return new Response(file.body, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.fileName}"`,
        "cache-control": "private, no-store",
      },
    });
  },
});
