"use client";
// Timeline numbers as people read them: seconds with millisecond precision, volume in percent.
import { useFormatter } from "next-intl";
import { useCallback } from "react";

export const US_PER_SECOND = 1_000_000;

export function useFormatTimes() {
  const format = useFormatter();
  const seconds = useCallback(
    (us: number) => format.number(us / US_PER_SECOND, { minimumFractionDigits: 3, maximumFractionDigits: 3 }),
    [format],
  );
  /** A length for lists: 1:05.2 (m:ss.t) or 12.5 s style, compact. */
  const clock = useCallback((us: number) => {
    const totalTenths = Math.round(us / 100_000);
    const m = Math.floor(totalTenths / 600);
    const s = (totalTenths % 600) / 10;
    return `${m}:${s.toFixed(1).padStart(4, "0")}`;
  }, []);
  const percent = useCallback(
    (volume: number) => format.number(volume, { style: "percent", maximumFractionDigits: 0 }),
    [format],
  );
  return { seconds, clock, percent };
}
