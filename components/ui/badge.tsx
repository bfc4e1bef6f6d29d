import type { ReactNode } from "react";
import { cx } from "./cx";

const tones = {
  green: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  grey: "bg-zinc-100 text-zinc-600 ring-zinc-500/20",
  red: "bg-red-50 text-red-700 ring-red-600/20",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/20",
  accent: "bg-accent-50 text-accent-700 ring-accent-500/20",
};

export function Badge({ tone = "grey", children }: { tone?: keyof typeof tones; children: ReactNode }) {
  return (
    <span
      className={cx(
        "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        tones[tone],
      )}
    >
      {children}
    </span>
  );
}
