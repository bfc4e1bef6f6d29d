import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/components/auth/guards";
import { KeysManager } from "@/components/keys/keys-manager";
import { WebhookSecretHint } from "@/components/keys/webhook-secret-hint";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("keys") };
}

export default async function KeysPage() {
  await requireUser();
  const t = await getTranslations("keys");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <KeysManager />
      <WebhookSecretHint />
    </>
  );
}
