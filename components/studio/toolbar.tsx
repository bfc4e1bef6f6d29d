"use client";
// Transport and edit commands; every button labelled, with its shortcut in the tooltip.
import { useTranslations } from "next-intl";
import { useEffect, useRef, useSyncExternalStore } from "react";
import { cx } from "@/components/ui/cx";
import type { EditorActions } from "./actions";
import { useEd, useEditor } from "./editor-context";
import { HelpPopover } from "./help-popover";
import { timecode } from "./time";

function Tool({
  label,
  onClick,
  children,
  pressed,
  disabled,
  testId,
  audioState,
}: {
  label: string;
  onClick: () => void;
  children: React.ReactNode;
  pressed?: boolean;
  disabled?: boolean;
  testId?: string;
  audioState?: string;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      disabled={disabled}
      data-testid={testId}
      data-audio-state={audioState}
      className={cx(
        "inline-flex h-8 min-w-8 items-center justify-center rounded-md px-2 text-sm font-medium disabled:opacity-40",
        pressed ? "bg-accent-600 text-white" : "text-zinc-700 hover:bg-zinc-100",
      )}
    >
      {children}
    </button>
  );
}

export function Toolbar({
  actions,
  helpToggle,
}: {
  actions: EditorActions;
  helpToggle: { current: (() => void) | null };
}) {
  const t = useTranslations("studio");
  const { player, store } = useEditor();
  const playing = useSyncExternalStore(
    player.subscribe,
    () => player.playing,
    () => false,
  );
  const loading = useSyncExternalStore(
    player.subscribe,
    () => player.loading,
    () => false,
  );
  const audioState = useSyncExternalStore(
    player.subscribe,
    () => player.state,
    () => "none",
  );
  const canUndo = useEd((s) => s.canUndo);
  const canRedo = useEd((s) => s.canRedo);
  const snap = useEd((s) => s.snap);
  const loop = useEd((s) => s.loop);
  const hasSel = useEd((s) => s.selection.length > 0);
  const clock = useRef<HTMLOutputElement>(null);
  useEffect(() => {
    const write = (us: number) => {
      if (clock.current) clock.current.textContent = timecode(us);
    };
    write(store.getState().playheadUs);
    const off = player.onFrame(write);
    const offS = store.subscribe((s, p) => s.playheadUs !== p.playheadUs && write(s.playheadUs));
    return () => {
      off();
      offS();
    };
  }, [player, store]);
  return (
    <div
      role="toolbar"
      aria-label={t("toolbar")}
      className="flex flex-wrap items-center gap-1 rounded-lg border border-zinc-200 bg-white p-1"
    >
      <Tool
        label={playing ? t("pause") : t("play")}
        onClick={actions.togglePlay}
        pressed={playing}
        testId="play"
        audioState={audioState}
      >
        {loading ? "…" : playing ? "❚❚" : "▶"}
      </Tool>
      <output
        ref={clock}
        aria-label={t("position")}
        className="w-24 text-center font-mono text-sm tabular-nums"
        data-testid="clock"
      >
        0:00.000
      </output>
      <span className="mx-1 h-5 w-px bg-zinc-200" />
      <Tool label={t("undo")} onClick={actions.undo} disabled={!canUndo}>
        ↶
      </Tool>
      <Tool label={t("redo")} onClick={actions.redo} disabled={!canRedo}>
        ↷
      </Tool>
      <Tool label={t("split")} onClick={actions.split}>
        ✂
      </Tool>
      <Tool label={t("duplicate")} onClick={actions.duplicate} disabled={!hasSel}>
        <svg aria-hidden viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.5">
          <rect x="5" y="5" width="9" height="9" rx="1.5" />
          <path d="M11 3.5V3a1 1 0 0 0-1-1H3a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h.5" />
        </svg>
      </Tool>
      <Tool label={t("delete")} onClick={actions.remove} disabled={!hasSel}>
        <svg aria-hidden viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.5">
          <path d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4" />
        </svg>
      </Tool>
      <span className="mx-1 h-5 w-px bg-zinc-200" />
      <Tool label={t("snap")} onClick={() => store.getState().setSnap(!snap)} pressed={snap}>
        {t("snapShort")}
      </Tool>
      <Tool label={t("loopSel")} onClick={actions.toggleLoop} pressed={!!loop}>
        ⟲
      </Tool>
      <span className="mx-1 h-5 w-px bg-zinc-200" />
      <Tool label={t("zoomOut")} onClick={actions.zoomOut}>
        −
      </Tool>
      <Tool label={t("zoomIn")} onClick={actions.zoomIn}>
        +
      </Tool>
      <Tool label={t("fit")} onClick={actions.fit}>
        {t("fitShort")}
      </Tool>
      <HelpPopover toggleRef={helpToggle} />
    </div>
  );
}
