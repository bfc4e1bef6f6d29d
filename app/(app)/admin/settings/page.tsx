import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { MusicSettingsCard } from "@/components/admin/music-settings";
import { TranscribeSettingsCard } from "@/components/admin/transcribe-settings";
import { requireAdmin } from "@/components/auth/guards";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("settings") };
}

export default async function AdminSettingsPage() {
  await requireAdmin();
  const t = await getTranslations("adminSettings");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="space-y-6">
        <MusicSettingsCard />
        <TranscribeSettingsCard />
      </div>
    </>
  );
}
