"use client";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";

const TONES = { active: "green", revoked: "red", expired: "grey", used_up: "grey" } as const;

export function StatusBadge({ status }: { status: keyof typeof TONES }) {
  const t = useTranslations("status");
  return <Badge tone={TONES[status]}>{t(status)}</Badge>;
}
