import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/components/auth/guards";
import { StudioEditor } from "@/components/studio/editor";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("studio") };
}

export default async function StudioProjectPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const { id } = await params;
  return <StudioEditor id={id} />;
}
