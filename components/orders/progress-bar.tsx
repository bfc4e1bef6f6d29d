import { cx } from "@/components/ui/cx";

/** A determinate progress bar; `label` names it for assistive technology. */
export function ProgressBar({
  fraction,
  label,
  valueText,
  className,
}: {
  fraction: number;
  label: string;
  valueText?: string;
  className?: string;
}) {
  const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={valueText}
      className={cx("h-2 w-full overflow-hidden rounded-full bg-zinc-100", className)}
    >
      <div
        className="h-full rounded-full bg-accent-600 transition-[width] duration-500 ease-out"
        style={{ width: `${percent}%` }}
      />
    </div>
  );
}
