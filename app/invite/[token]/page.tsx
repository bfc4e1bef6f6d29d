import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuthFrame } from "@/components/auth/auth-frame";
import { InviteCard } from "@/components/invite/invite-card";
import { getSessionUser } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("invite"))("title") };
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [user, t] = await Promise.all([getSessionUser(), getTranslations("invite")]);
  return (
    <AuthFrame title={t("title")}>
      <InviteCard token={token} signedInAs={user?.email} />
    </AuthFrame>
  );
}
