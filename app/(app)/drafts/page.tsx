import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/components/auth/guards";
import { DraftsManager } from "@/components/drafts/drafts-manager";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("drafts") };
}

export default async function DraftsPage() {
  await requireUser();
  const t = await getTranslations("drafts");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <DraftsManager />
    </>
  );
}
