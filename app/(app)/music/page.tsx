import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/components/auth/guards";
import { ExtendForm } from "@/components/music/extend-form";
import { TaskHistory } from "@/components/music/task-history";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("music") };
}

export default async function MusicPage() {
  await requireUser();
  const t = await getTranslations("music");
  return (
    <>
      <PageHeader title={t("pageTitle")} description={t("pageDescription")} />
      <div className="space-y-10">
        <ExtendForm />
        <TaskHistory />
      </div>
    </>
  );
}
