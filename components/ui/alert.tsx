import type { ReactNode } from "react";
import { cx } from "./cx";

const tones = {
  error: "border-red-200 bg-red-50 text-red-800",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  info: "border-accent-100 bg-accent-50 text-accent-700",
  success: "border-emerald-200 bg-emerald-50 text-emerald-800",
};

export function Alert({
  tone = "error",
  children,
  className,
}: {
  tone?: keyof typeof tones;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cx("rounded-md border px-3 py-2 text-sm", tones[tone], className)}
    >
      {children}
    </div>
  );
}
