import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { EnginesAdmin } from "@/components/admin/engines-admin";
import { RelaysAdmin } from "@/components/admin/relays-admin";
import { requireAdmin } from "@/components/auth/guards";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("engines") };
}

export default async function AdminEnginesPage() {
  await requireAdmin();
  const t = await getTranslations("adminEngines");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="space-y-10">
        <EnginesAdmin />
        <RelaysAdmin />
      </div>
    </>
  );
}
