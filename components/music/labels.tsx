"use client";
// Words and tones for music task statuses and callback deliveries.
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { MusicStatus } from "@/lib/contracts/music";

const TONES: Record<MusicStatus, "grey" | "accent" | "green" | "red" | "amber"> = {
  PENDING: "grey",
  TEXT_SUCCESS: "accent",
  FIRST_SUCCESS: "accent",
  SUCCESS: "green",
  CREATE_TASK_FAILED: "red",
  GENERATE_AUDIO_FAILED: "red",
  CALLBACK_EXCEPTION: "amber",
  SENSITIVE_WORD_ERROR: "red",
};

/** The live stages in order, with the share of the work each one marks as done. */
export const STAGES = [
  ["PENDING", 0.1],
  ["TEXT_SUCCESS", 0.4],
  ["FIRST_SUCCESS", 0.75],
  ["SUCCESS", 1],
] as const satisfies readonly (readonly [MusicStatus, number])[];

export function stageFraction(status: string, progress: number | null): number {
  const known = STAGES.find(([s]) => s === status)?.[1] ?? 0;
  return progress !== null && progress > known ? Math.min(progress, 1) : known;
}

export function MusicStatusBadge({ status }: { status: string }) {
  const t = useTranslations("music.statuses");
  return (
    <span data-testid="music-status" data-status={status}>
      <Badge tone={TONES[status as MusicStatus] ?? "grey"}>
        {t.has(status as MusicStatus) ? t(status as MusicStatus) : status}
      </Badge>
    </span>
  );
}

const DELIVERY_TONES: Record<string, "grey" | "green" | "red" | "amber"> = {
  delivered: "green",
  succeeded: "green",
  success: "green",
  failed: "red",
  pending: "grey",
  retrying: "amber",
};

export function DeliveryStatusBadge({ status }: { status: string }) {
  const t = useTranslations("deliveries.statuses");
  return (
    <span data-testid="delivery-status" data-status={status}>
      <Badge tone={DELIVERY_TONES[status] ?? "grey"}>{t.has(status as never) ? t(status as never) : status}</Badge>
    </span>
  );
}
