import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { requireUser } from "@/components/auth/guards";
import { NewStudioProject } from "@/components/studio/new-project";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("studio") };
}

/** Entry point of "Edit in Studio" (?draft=) and "Open in Studio" (?add=<refs>&name=). */
export default async function NewStudioProjectPage() {
  await requireUser();
  return (
    <Suspense>
      <NewStudioProject />
    </Suspense>
  );
}
