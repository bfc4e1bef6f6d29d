import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { AuthFrame } from "@/components/auth/auth-frame";
import { safeCallback } from "@/components/auth/safe-callback";
import { SignInForm } from "@/components/auth/signin-form";
import { getSessionUser } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("signIn") };
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const callbackUrl = safeCallback((await searchParams).callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const t = await getTranslations("auth");
  return (
    <AuthFrame title={t("signInTitle")} subtitle={t("signInSubtitle")}>
      <SignInForm callbackUrl={callbackUrl} />
    </AuthFrame>
  );
}
