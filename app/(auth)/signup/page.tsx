import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { AuthFrame } from "@/components/auth/auth-frame";
import { SignUpForm } from "@/components/auth/signup-form";
import { getSessionUser } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("createAccount") };
}

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = (await searchParams).invite;
  const invite = (Array.isArray(raw) ? raw[0] : raw) || undefined;
  if (await getSessionUser()) redirect(invite ? `/invite/${encodeURIComponent(invite)}` : "/dashboard");
  const t = await getTranslations("auth");
  return (
    <AuthFrame title={t("signUpTitle")} subtitle={t("signUpSubtitle")}>
      <SignUpForm invite={invite} />
    </AuthFrame>
  );
}
