"use client";
// On API keys: which webhook signing secret the team's receivers should expect, and where to rotate it.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { webhookSecretQuery } from "@/components/data/queries";
import { Card } from "@/components/ui/card";

export function WebhookSecretHint() {
  const t = useTranslations("webhook");
  const secret = useQuery(webhookSecretQuery());
  if (secret.isError) return null;
  return (
    <Card className="mt-10 flex flex-wrap items-center justify-between gap-3">
      <div>
        <h2 className="text-sm font-semibold text-zinc-900">{t("secret")}</h2>
        <p className="mt-0.5 text-sm text-zinc-600" data-testid="keys-webhook-secret">
          {secret.data
            ? secret.data.secretHint
              ? t("secretHintIs", { hint: secret.data.secretHint })
              : t("noSecret")
            : "…"}
        </p>
      </div>
      <Link href="/team#webhook" className="text-sm font-medium text-accent-600 hover:underline">
        {t("rotateOnTeam")}
      </Link>
    </Card>
  );
}
