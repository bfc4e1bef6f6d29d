import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/components/auth/guards";
import { BalanceOverview } from "@/components/dashboard/balance-overview";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("dashboard") };
}

export default async function DashboardPage() {
  const user = await requireUser();
  const t = await getTranslations("dashboard");
  return (
    <>
      <PageHeader title={t("title", { name: user.name })} description={t("description")} />
      <BalanceOverview team={{ name: user.team.name, role: user.team.role }} />
    </>
  );
}
