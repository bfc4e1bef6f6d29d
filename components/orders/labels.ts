"use client";
// Words for order types, statuses and worker stages in the user's language.
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import type { OrderStatus } from "@/lib/contracts/orders";

export const STATUS_TONES: Record<OrderStatus, "grey" | "accent" | "green" | "red" | "amber"> = {
  pending: "grey",
  processing: "accent",
  finish: "green",
  failed: "red",
  timeout: "amber",
};

// What the job runner and the engines write into `stage`.
const STAGES = {
  queued: "queued",
  "fetching input": "fetching",
  probing: "probing",
  probe: "probing",
  decode: "decoding",
  separate: "separating",
  encode: "encoding",
  done: "done",
} as const;

export function useStageText() {
  const t = useTranslations("orders.stages");
  return useCallback(
    (stage: string | null) => {
      if (!stage) return t("queued");
      const known = (STAGES as Record<string, (typeof STAGES)[keyof typeof STAGES]>)[stage];
      if (known) return t(known);
      const retry = /^retrying: (.*)$/s.exec(stage);
      if (retry) return t("retrying", { note: retry[1] });
      return stage;
    },
    [t],
  );
}

// In a module of its own so New order's source picker takes it without the stage words.
export { formatDuration } from "./duration";
