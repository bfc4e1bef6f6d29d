import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { UsageAdmin } from "@/components/admin/usage-admin";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("usage") };
}

export default async function AdminUsagePage() {
  const t = await getTranslations("credits.usage");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <UsageAdmin />
    </>
  );
}
