import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/components/auth/guards";
import { NewOrderForm } from "@/components/orders/new-order-form";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("newOrder") };
}

export default async function NewOrderPage() {
  await requireUser();
  const t = await getTranslations("newOrder");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <NewOrderForm />
    </>
  );
}
