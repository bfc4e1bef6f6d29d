import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PricesAdmin } from "@/components/admin/prices-admin";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("prices") };
}

export default async function AdminPricesPage() {
  const t = await getTranslations("prices");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <PricesAdmin />
    </>
  );
}
