"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { PASSWORD_MIN } from "@/lib/contracts/account-limits";
import { inviteQuery } from "@/components/data/queries";
import { useErrorText } from "@/components/forms/use-error-text";
import { useSchemaForm } from "@/components/forms/use-schema-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useSignUp } from "./use-auth";

function InviteNotice({ token }: { token: string }) {
  const t = useTranslations("auth");
  const errorText = useErrorText();
  const invite = useQuery(inviteQuery(token));
  if (invite.isPending) return null;
  if (invite.isError) return <Alert tone="warning">{errorText(invite.error)}</Alert>;
  return (
    <Alert tone="info">{t.rich("joiningTeam", { team: invite.data.team.name, b: (c) => <strong>{c}</strong> })}</Alert>
  );
}

export function SignUpForm({ invite }: { invite?: string }) {
  const t = useTranslations("auth");
  const errorText = useErrorText();
  const router = useRouter();
  const form = useSchemaForm({
    schema: () => import("@/lib/contracts/account").then((m) => m.signUpSchema),
    values: (data) => ({ ...Object.fromEntries(data), ...(invite ? { invite } : {}) }),
    mutation: useSignUp(t("signUpFailed")),
    onSuccess: (signedIn) => {
      // Without a session the account still exists; the person signs in by hand.
      if (!signedIn) return router.replace("/signin");
      router.replace("/dashboard");
      router.refresh();
    },
    // A bad invite is not something the person can fix in a field: it goes to the form's alert.
    field: (path) => (path === "invite" ? null : path.split(".")[0]),
  });

  return (
    <form ref={form.formRef} noValidate onSubmit={form.onSubmit} className="space-y-4">
      {invite && <InviteNotice token={invite} />}
      {form.formError && <Alert>{errorText(form.formError)}</Alert>}
      <TextField label={t("name")} name="name" autoComplete="name" required error={errorText(form.errors.name)} />
      <TextField
        label={t("email")}
        name="email"
        type="email"
        autoComplete="email"
        required
        error={errorText(form.errors.email)}
      />
      <TextField
        label={t("password")}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={t("passwordHint", { min: PASSWORD_MIN })}
        error={errorText(form.errors.password)}
      />
      <Button type="submit" pending={form.pending} className="w-full">
        {t("createAccount")}
      </Button>
      <p className="text-center text-sm text-zinc-600">
        {t("haveAccount")}{" "}
        <a
          href={invite ? `/signin?callbackUrl=${encodeURIComponent(`/invite/${invite}`)}` : "/signin"}
          className="font-medium text-accent-600 hover:underline"
        >
          {t("signIn")}
        </a>
      </p>
    </form>
  );
}
