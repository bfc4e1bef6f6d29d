import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LedgerAdmin } from "@/components/admin/ledger-admin";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("ledger") };
}

export default async function AdminLedgerPage() {
  const t = await getTranslations("ledger");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <LedgerAdmin />
    </>
  );
}
