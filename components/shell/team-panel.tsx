"use client";
// The team switcher's open panel: the person's teams to switch to and a way to make one. Loaded
// when the switcher first opens (TeamSwitcher), not with every page.
import { useTranslations } from "next-intl";
import Link from "next/link";
import { cx } from "@/components/ui/cx";
import type { ShellTeam } from "./types";
import { useSwitchTeam } from "./use-switch-team";

export default function TeamPanel({
  id,
  current,
  teams,
  onClose,
}: {
  id: string;
  current: ShellTeam;
  teams: ShellTeam[];
  onClose: () => void;
}) {
  const t = useTranslations("shell");
  const switchTeam = useSwitchTeam();
  return (
    <div
      id={id}
      className="absolute inset-x-0 top-full z-30 mt-1 rounded-md border border-zinc-200 bg-white p-1 shadow-lg"
    >
      <p className="px-2 py-1 text-xs font-medium text-zinc-500">{t("switchTeam")}</p>
      <ul>
        {teams.map((item) => (
          <li key={item.id}>
            <button
              type="button"
              aria-current={item.id === current.id ? "true" : undefined}
              disabled={switchTeam.isPending}
              onClick={() => {
                onClose();
                if (item.id !== current.id) switchTeam.mutate(item.id);
              }}
              className={cx(
                "flex w-full items-center justify-between rounded px-2 py-1.5 text-left text-sm hover:bg-zinc-100",
                item.id === current.id && "font-medium text-accent-700",
              )}
            >
              <span className="truncate">{item.name}</span>
              {item.id === current.id && <span aria-hidden>✓</span>}
            </button>
          </li>
        ))}
      </ul>
      <div className="mt-1 border-t border-zinc-100 pt-1">
        <Link
          href="/team#new-team"
          onClick={onClose}
          className="block rounded px-2 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100"
        >
          + {t("newTeam")}
        </Link>
      </div>
    </div>
  );
}
