"use client";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";

const TONES = { active: "green", revoked: "red", expired: "grey" } as const;

export function StatusBadge({ status }: { status: "active" | "revoked" | "expired" }) {
  const t = useTranslations("status");
  return <Badge tone={TONES[status]}>{t(status)}</Badge>;
}
