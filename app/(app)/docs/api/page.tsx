import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireUser } from "@/components/auth/guards";
import { ApiReference } from "@/components/docs/api-reference";
import { buttonClass } from "@/components/ui/button";
import { env } from "@/lib/env";
import { openApiDocument } from "@/lib/openapi/document";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("apiDocs") };
}

export default async function ApiDocsPage() {
  await requireUser();
  const t = await getTranslations("apiDocs");
  const doc = openApiDocument(env().PUBLIC_BASE_URL);
  return (
    <>
      <header className="mb-8 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{t("title")}</h1>
          <p className="mt-1 text-sm text-zinc-600">{t("description")}</p>
        </div>
        <div className="flex gap-2">
          <Link href="/keys" className={buttonClass("secondary", "sm")}>
            {t("getKey")}
          </Link>
          <a href="/api/openapi.json" className={buttonClass("secondary", "sm")} target="_blank" rel="noopener">
            {t("rawJson")}
          </a>
        </div>
      </header>
      <ApiReference doc={doc} />
    </>
  );
}
