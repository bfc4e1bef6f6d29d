import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/components/auth/guards";
import { OrderLive } from "@/components/orders/order-live";

type Props = { params: Promise<{ orderNo: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { orderNo } = await params;
  return { title: `${(await getTranslations("order"))("title")} ${orderNo}` };
}

export default async function OrderPage({ params }: Props) {
  await requireUser();
  const { orderNo } = await params;
  return <OrderLive orderNo={orderNo} />;
}
