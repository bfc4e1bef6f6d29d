import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/components/auth/guards";
import { NewOrderForm } from "@/components/orders/new-order-form";
import { PageHeader } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("newOrder") };
}

/** `?source=<library ref>`: start from an item of the library (the Files page's "New order"). */
export default async function NewOrderPage({
  searchParams,
}: {
  searchParams: Promise<{ source?: string | string[] }>;
}) {
  await requireUser();
  const { source } = await searchParams;
  const t = await getTranslations("newOrder");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <NewOrderForm initialRef={typeof source === "string" ? source : null} />
    </>
  );
}
