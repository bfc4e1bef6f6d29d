"use client";
// The current team, with a list of the person's other teams to switch to and a way to make one.
// Both come from the server (the signed-in layout); creating, leaving or switching a team refreshes
// the route, which brings the new list. The open panel (and the switch itself) loads on first open.
import { useTranslations } from "next-intl";
import { lazy, Suspense, useEffect, useId, useRef, useState } from "react";
import type { ShellTeam } from "./types";

const TeamPanel = lazy(() => import("./team-panel"));

export function TeamSwitcher({ current, teams }: { current: { id: string; name: string }; teams: ShellTeam[] }) {
  const t = useTranslations("shell");
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-center justify-between gap-2 rounded-md border border-zinc-200 bg-white px-3 py-2 text-left text-sm shadow-sm hover:bg-zinc-50"
      >
        <span className="min-w-0">
          <span className="block text-xs text-zinc-500">{t("team")}</span>
          <span className="block truncate font-medium text-zinc-900" data-testid="current-team">
            {current.name}
          </span>
        </span>
        <svg aria-hidden viewBox="0 0 20 20" className="size-4 shrink-0 text-zinc-500" fill="currentColor">
          <path d="M10 3l4 5H6l4-5zm0 14l-4-5h8l-4 5z" />
        </svg>
      </button>
      {open && (
        <Suspense>
          <TeamPanel id={panelId} current={current} teams={teams} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}
