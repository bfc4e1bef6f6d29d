import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { requireUser } from "@/components/auth/guards";
import { OrdersHistory } from "@/components/orders/orders-history";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("orders") };
}

export default async function OrdersPage() {
  await requireUser();
  const t = await getTranslations("orders");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Suspense>
        <OrdersHistory />
      </Suspense>
    </>
  );
}
