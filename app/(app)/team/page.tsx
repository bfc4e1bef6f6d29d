import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/components/auth/guards";
import { TeamManager } from "@/components/team/team-manager";
import { WebhookSection } from "@/components/team/webhook-section";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("team") };
}

export default async function TeamPage() {
  await requireUser();
  const t = await getTranslations("team");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <TeamManager />
      <WebhookSection />
    </>
  );
}
