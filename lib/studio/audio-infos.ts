// The audio_infos panel's data: exactly what `POST /v1/add_audios` takes for the project's audible
// clips (lib/studio/model.ts toAudioInfos), each audio_url a signed /api/files/… URL of the team's
// media, valid for an hour. Every ref goes through the team check.
import "server-only";
import { draftUrlFor } from "@/lib/drafts/draft-url";
import { resolveMedia } from "@/lib/library/resolve";
import { signedFileUrl, URL_TTL_SECONDS } from "@/lib/storage/files";
import { audibleClips, toAudioInfos } from "@/lib/studio/model";
import { getProject } from "@/lib/studio/service";
import type { AudioInfo, MediaRef } from "@/lib/studio/types";

export type ProjectAudioInfos = {
  audio_infos: AudioInfo[];
  /** The same array as the JSON string add_audios' `audio_infos` field takes. */
  audio_infos_json: string;
  /** The draft the project was loaded from or last applied to, if any. */
  draft_url: string | null;
  expires_at: string;
};

export async function projectAudioInfos(teamId: string, projectId: string): Promise<ProjectAudioInfos> {
  const { timeline, draftId } = await getProject(teamId, projectId);
  const urls = new Map<MediaRef, string>();
  for (const ref of new Set(audibleClips(timeline).map((c) => c.media))) {
    urls.set(ref, signedFileUrl((await resolveMedia(teamId, ref)).rel));
  }
  const infos = toAudioInfos(timeline, (ref) => urls.get(ref)!);
  return {
    audio_infos: infos,
    audio_infos_json: JSON.stringify(infos),
    draft_url: draftId ? draftUrlFor(draftId) : null,
    expires_at: new Date(Date.now() + URL_TTL_SECONDS * 1000).toISOString(),
  };
}
