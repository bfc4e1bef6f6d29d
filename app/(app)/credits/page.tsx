import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/components/auth/guards";
import { CreditHistory } from "@/components/credits/credit-history";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("credits"))("title") };
}

export default async function CreditsPage() {
  await requireUser();
  const t = await getTranslations("credits");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="space-y-6">
        <Alert tone="info">{t("perPerson")}</Alert>
        <CreditHistory />
      </div>
    </>
  );
}
