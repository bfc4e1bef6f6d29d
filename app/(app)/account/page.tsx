import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { requireUser } from "@/components/auth/guards";
import { Card, PageHeader, Section } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("credits.account"))("title") };
}

export default async function AccountPage() {
  const user = await requireUser();
  const t = await getTranslations("credits.account");
  return (
    <>
      <PageHeader title={t("title")} description={`${t("description")} ${user.email}`} />
      <Section title={t("changePassword")} description={t("changePasswordHint")}>
        <Card>
          <ChangePasswordForm />
        </Card>
      </Section>
    </>
  );
}
