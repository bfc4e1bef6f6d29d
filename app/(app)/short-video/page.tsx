import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/components/auth/guards";
import { ShortVideoManager } from "@/components/short-video/short-video-manager";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("shortVideo") };
}

export default async function ShortVideoPage() {
  await requireUser();
  const t = await getTranslations("shortVideo");
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("pageDescription")} />
      <ShortVideoManager />
    </>
  );
}
