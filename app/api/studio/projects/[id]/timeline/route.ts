// PUT /api/studio/projects/<id>/timeline {timeline, baseVersion} → {version, savedAt, timeline?}; a stale baseVersion → 409.
import { MAX_TIMELINE_BODY_BYTES, saveTimelineSchema } from "@/lib/contracts/studio";
import { createRoute } from "@/lib/http/route";
import { saveTimeline } from "@/lib/studio/service";
import type { StudioTimeline } from "@/lib/studio/types";

export const PUT = createRoute({
  auth: "session",
  body: saveTimelineSchema,
  maxBodyBytes: MAX_TIMELINE_BODY_BYTES,
  handler: ({ user, params, body }) =>
    saveTimeline({ userId: user.id, teamId: user.team.id }, params.id, {
      timeline: body.timeline as StudioTimeline,
      baseVersion: body.baseVersion,
    }),
});
