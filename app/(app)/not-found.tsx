import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default async function NotFound() {
  const t = await getTranslations("notFound");
  return (
    <div className="py-16 text-center">
      <p className="text-sm font-semibold text-accent-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">{t("title")}</h1>
      <p className="mt-2 text-sm text-zinc-600">{t("description")}</p>
      <Link href="/dashboard" className={buttonClass("secondary", "md", "mt-6")}>
        {t("back")}
      </Link>
    </div>
  );
}
