import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { LedgerAdmin } from "@/components/admin/ledger-admin";
import { requireAdmin } from "@/components/auth/guards";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("ledger") };
}

export default async function AdminLedgerPage() {
  await requireAdmin();
  const t = await getTranslations("ledger");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Suspense>
        <LedgerAdmin />
      </Suspense>
    </>
  );
}
