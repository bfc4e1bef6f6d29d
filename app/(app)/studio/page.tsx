import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/components/auth/guards";
import { StudioProjects } from "@/components/studio/projects";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("studio") };
}

export default async function StudioPage() {
  await requireUser();
  return <StudioProjects />;
}
