"use client";
// The current team, with a list of the person's other teams to switch to and a way to make one.
// Both come from the server (the signed-in layout); creating, leaving or switching a team refreshes
// the route, which brings the new list.
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { cx } from "@/components/ui/cx";
import type { ShellTeam } from "./types";
import { useSwitchTeam } from "./use-switch-team";

export function TeamSwitcher({ current, teams }: { current: { id: string; name: string }; teams: ShellTeam[] }) {
  const t = useTranslations("shell");
  const switchTeam = useSwitchTeam();
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

  const team = current;

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
            {team.name}
          </span>
        </span>
        <svg aria-hidden viewBox="0 0 20 20" className="size-4 shrink-0 text-zinc-500" fill="currentColor">
          <path d="M10 3l4 5H6l4-5zm0 14l-4-5h8l-4 5z" />
        </svg>
      </button>
      {open && (
        <div
          id={panelId}
          className="absolute inset-x-0 top-full z-30 mt-1 rounded-md border border-zinc-200 bg-white p-1 shadow-lg"
        >
          <p className="px-2 py-1 text-xs font-medium text-zinc-500">{t("switchTeam")}</p>
          <ul>
            {teams.map((item) => (
              <li key={item.id}>
                <button
                  type="button"
                  aria-current={item.id === team.id ? "true" : undefined}
                  disabled={switchTeam.isPending}
                  onClick={() => {
                    setOpen(false);
                    if (item.id !== team.id) switchTeam.mutate(item.id);
                  }}
                  className={cx(
                    "flex w-full items-center justify-between rounded px-2 py-1.5 text-left text-sm hover:bg-zinc-100",
                    item.id === team.id && "font-medium text-accent-700",
                  )}
                >
                  <span className="truncate">{item.name}</span>
                  {item.id === team.id && <span aria-hidden>✓</span>}
                </button>
              </li>
            ))}
          </ul>
          <div className="mt-1 border-t border-zinc-100 pt-1">
            <Link
              href="/team#new-team"
              onClick={() => setOpen(false)}
              className="block rounded px-2 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100"
            >
              + {t("newTeam")}
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}
