"use client";
// The Studio editor page: loads the project, makes its store, player and autosave, and lays out
// toolbar, timeline, media bin and inspector. Dialogs and the audio_infos panel load on demand
// (next/dynamic) so the route's first load stays small.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useErrorText } from "@/components/forms/use-error-text";
import { libraryItemQuery } from "@/components/library/use-library";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { addClip, addTrack, emptyTimeline, timelineDuration } from "@/lib/studio/model";
import type { MediaRef, StudioTimeline } from "@/lib/studio/types";
import { editorActions } from "./actions";
import { usePainted } from "./after-paint";
import { CaptionRows } from "./caption-rows";
import { getProject, parseTimeline, renameProject, type StudioProject, studioKeys } from "./api";
import { type Editor, EditorProvider, MediaDirectory, useEd, useEditor } from "./editor-context";
import { Inspector } from "./inspector";
import { bindPeaksClient } from "./peaks";
import { MediaBin } from "./media-bin";
import { Player } from "./playback";
import { createStudioStore } from "./store";
import { HEADER_W, Timeline } from "./timeline";
import { Toolbar } from "./toolbar";
import { useAutosave } from "./use-autosave";
import { useShortcuts } from "./use-shortcuts";

const isMediaRef = (s: string): s is MediaRef => /^(upload|file|material):[A-Za-z0-9_-]{1,64}$/.test(s);

/** Opening a project fits it to the view only if clips stay at least this many px per second. */
const MIN_FIT_PX_PER_SEC = 8;

const ApplyDialog = dynamic(() => import("./apply-dialog"), { ssr: false });
const ExportPanel = dynamic(() => import("./export-panel"), { ssr: false });
const AudioInfosPanel = dynamic(() => import("./audio-infos-panel"), { ssr: false });

export function StudioEditor({ id }: { id: string }) {
  const t = useTranslations("studio");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const project = useQuery({
    queryKey: studioKeys.project(id),
    queryFn: ({ signal }) => getProject(id, signal),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    retry: (n, e) => (e as { status?: number }).status !== 404 && n < 1,
  });
  if (project.isPending) return <p className="text-sm text-zinc-500">{tc("loading")}</p>;
  if (project.isError)
    return (
      <div className="space-y-4">
        <Alert>
          {(project.error as { status?: number }).status === 404 ? t("notFound") : errorText(project.error)}
        </Alert>
        <Link href="/studio" className="text-sm text-accent-700 underline">
          ← {t("projects")}
        </Link>
      </div>
    );
  return <Loaded project={project.data} />;
}

function Loaded({ project }: { project: StudioProject }) {
  const viewport = useRef<HTMLDivElement>(null);
  const qc = useQueryClient();
  const editor = useMemo<Editor>(() => {
    let timeline: StudioTimeline = parseTimeline(project) ?? emptyTimeline();
    if (!timeline.tracks.length) timeline = addTrack(timeline, "Track 1");
    const store = createStudioStore(timeline);
    bindPeaksClient(qc);
    const media = new MediaDirectory((ref) => qc.fetchQuery(libraryItemQuery(ref)));
    const player = new Player(store, (ref) => media.url(ref));
    return { projectId: project.id, store, media, player, viewport };
  }, [project, qc]);
  useEffect(() => () => editor.player.dispose(), [editor]);
  return (
    <EditorProvider value={editor}>
      <Workspace project={project} />
    </EditorProvider>
  );
}

function Workspace({ project }: { project: StudioProject }) {
  const t = useTranslations("studio");
  const errorText = useErrorText();
  const ed = useEditor();
  const { store, viewport, media } = ed;
  const save = useAutosave(project.id, store, project.version);
  const actions = useMemo(() => editorActions(ed), [ed]);
  const helpToggle = useRef<(() => void) | null>(null);
  const toggleHelp = useCallback(() => helpToggle.current?.(), []);
  useShortcuts(actions, toggleHelp);
  const [dialog, setDialog] = useState<"apply" | "export" | null>(null);
  const [infosOpen, setInfosOpen] = useState(false);
  const [savedStamp, setSavedStamp] = useState(0);
  const [name, setName] = useState(project.name);
  // The caption tracks of the draft last applied to (read-only rows): after an Apply they are read
  // again, without reloading the project (which would rebuild the store and drop the undo history).
  const [captions, setCaptions] = useState(project.captions ?? []);
  const draftId = useRef(project.draftId ?? null);
  const onApplied = useCallback(
    (appliedTo: string) => {
      draftId.current = appliedTo;
      getProject(project.id)
        .then((fresh) => setCaptions(fresh.captions ?? []))
        .catch(() => {}); // the rows stay as they were; a reload shows them
    },
    [project.id],
  );
  const tracksCount = useEd((s) => s.timeline.tracks.length);
  // The media bin and the inspector mount after the timeline's first frame (they ask the library
  // for its list and each item's waveform): the timeline is what a user opened the project to see.
  const painted = usePainted();
  useEffect(() => {
    if (save.status === "saved") setSavedStamp((n) => n + 1);
  }, [save.status]);

  // "Open in Studio" links carry ?add=<refs> (library refs: `file:` order results, `upload:` saved
  // audio): place them one after another on the first track, each once the server knows its length.
  const params = useSearchParams();
  const router = useRouter();
  const qc = useQueryClient();
  useEffect(() => {
    const refs = (params.get("add") ?? "").split(",").filter(isMediaRef);
    if (!refs.length) return;
    let live = true;
    // A file the library has not measured yet answers without a length: ask again (fresh, not from
    // the cache) until it has one, for up to a minute, instead of silently placing nothing.
    const withLength = async (ref: MediaRef) => {
      for (let attempt = 0; live && attempt < 40; attempt++) {
        const item = await qc
          .fetchQuery(attempt === 0 ? libraryItemQuery(ref) : { ...libraryItemQuery(ref), staleTime: 0 })
          .catch(() => null);
        if (!item || item.durationUs) return item;
        await new Promise((r) => setTimeout(r, 1500));
      }
      return null;
    };
    const found = Promise.all(refs.map(withLength));
    void found.then((all) => {
      const items = all.filter((i) => i !== null);
      media.remember(items);
      for (const item of items) {
        const durationUs = item.durationUs;
        if (!live || !durationUs) continue;
        store.getState().apply((tl) => {
          const track = tl.tracks[0];
          const end = Math.max(0, ...tl.clips.filter((c) => c.trackId === track.id).map((c) => c.start + c.duration));
          return addClip(tl, { media: item.ref, info: { name: item.name, durationUs }, trackId: track.id, start: end })
            .timeline;
        });
      }
      if (live) router.replace(`/studio/${project.id}`);
    });
    return () => {
      live = false;
    };
  }, [params, media, store, router, project.id, qc]);

  // First paint shows the whole timeline when that leaves clips readable; a long one opens at the
  // default zoom from its start (fit stays one key away).
  useEffect(() => {
    const el = viewport.current;
    const dur = timelineDuration(store.getState().timeline);
    if (el && dur > 0 && ((el.clientWidth - HEADER_W - 24) / dur) * 1e6 >= MIN_FIT_PX_PER_SEC) actions.fit();
  }, [actions, store, viewport]);

  const statusText = {
    saved: t("saved"),
    dirty: t("unsaved"),
    saving: t("saving"),
    error: t("saveError"),
    conflict: t("conflictShort"),
  }[save.status];

  return (
    <div className="space-y-3">
      <header className="flex flex-wrap items-center gap-2">
        <Link href="/studio" className="text-sm text-accent-700 hover:underline">
          ← {t("projects")}
        </Link>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => name.trim() && name !== project.name && void renameProject(project.id, name.trim())}
          aria-label={t("projectName")}
          className="min-w-0 flex-1 rounded border border-transparent px-1 text-xl max-sm:order-first max-sm:basis-full font-semibold text-zinc-900 hover:border-zinc-300 focus:border-accent-500 focus:outline-none"
        />
        <span role="status" className="text-xs text-zinc-500" data-testid="save-status" data-status={save.status}>
          {statusText}
        </span>
        <Button size="sm" variant="secondary" onClick={() => setInfosOpen((o) => !o)} aria-expanded={infosOpen}>
          audio_infos
        </Button>
        <Button size="sm" variant="secondary" onClick={() => setDialog("export")}>
          {t("export")}
        </Button>
        <Button size="sm" onClick={() => setDialog("apply")}>
          {t("applyToDraft")}
        </Button>
      </header>
      {save.status === "error" && save.error && <Alert>{errorText(save.error)}</Alert>}
      {save.status === "conflict" && (
        // Stays after the dialog is dismissed with Escape: autosave is paused until one is chosen.
        <Alert tone="warning">
          <span className="mr-2">{t("conflictTitle")}.</span>
          <Button size="sm" variant="secondary" onClick={() => void save.reload()} className="mr-2">
            {t("reload")}
          </Button>
          <Button size="sm" variant="danger" onClick={() => void save.overwrite()}>
            {t("overwrite")}
          </Button>
        </Alert>
      )}
      <Toolbar actions={actions} helpToggle={helpToggle} />
      <div
        ref={viewport}
        className="relative max-h-[60vh] min-h-48 overflow-auto rounded-lg border border-zinc-200 bg-white"
        data-testid="timeline-viewport"
      >
        <Timeline />
        <CaptionRows tracks={captions} headerW={HEADER_W} />
      </div>
      <div className="flex items-center gap-2">
        <Button
          size="sm"
          variant="secondary"
          onClick={() => store.getState().apply((tl) => addTrack(tl, t("trackName", { n: tracksCount + 1 })))}
        >
          + {t("addTrack")}
        </Button>
        <p className="text-xs text-zinc-500 max-sm:hidden">{t("editHint")}</p>
      </div>
      <div className="grid gap-4 md:grid-cols-[1fr_16rem]">
        <div className="max-h-96 min-h-40 overflow-hidden rounded-lg border border-zinc-200 bg-zinc-50 p-3 max-md:order-2">
          {painted && <MediaBin />}
        </div>
        <div className="rounded-lg border border-zinc-200 bg-white p-3">
          <h2 className="mb-2 text-sm font-semibold text-zinc-900">{t("inspector")}</h2>
          {painted && <Inspector />}
        </div>
      </div>
      {infosOpen && (
        <div className="rounded-lg border border-zinc-200 bg-white p-3">
          <AudioInfosPanel savedStamp={savedStamp} />
        </div>
      )}
      {dialog === "apply" && (
        <ApplyDialog
          open
          onClose={() => setDialog(null)}
          projectId={project.id}
          draftId={draftId.current}
          flush={save.flush}
          onApplied={onApplied}
        />
      )}
      {dialog === "export" && (
        <ExportPanel open onClose={() => setDialog(null)} projectId={project.id} flush={save.flush} />
      )}
      <Dialog
        open={save.status === "conflict"}
        onClose={() => {}}
        title={t("conflictTitle")}
        description={t("conflictHint", {
          who: save.conflict?.savedBy ?? t("teammate"),
          when: save.conflict?.savedAt ? new Date(save.conflict.savedAt).toLocaleTimeString() : "—",
        })}
        footer={
          <>
            <Button variant="secondary" onClick={() => void save.reload()}>
              {t("reload")}
            </Button>
            <Button variant="danger" onClick={() => void save.overwrite()}>
              {t("overwrite")}
            </Button>
          </>
        }
      />
    </div>
  );
}
