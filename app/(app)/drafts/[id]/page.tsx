import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/components/auth/guards";
import { DraftView } from "@/components/drafts/draft-view";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("drafts") };
}

export default async function DraftPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const { id } = await params;
  return <DraftView id={id} />;
}
