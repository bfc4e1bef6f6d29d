import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/components/auth/guards";
import { FilesManager } from "@/components/files/files-manager";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("files"))("navLabel") };
}

export default async function FilesPage() {
  await requireUser();
  const t = await getTranslations("files");
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("pageDescription")} />
      <FilesManager />
    </>
  );
}
