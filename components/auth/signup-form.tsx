"use client";
import { useQuery } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { PASSWORD_MIN, signUpSchema } from "@/lib/contracts/account";
import { ApiError, sendJson } from "@/components/data/api";
import { inviteQuery } from "@/components/data/queries";
import { fieldErrors } from "@/components/forms/field-errors";
import { useErrorText } from "@/components/forms/use-error-text";
import { useFocusFirstInvalid } from "@/components/forms/use-focus-invalid";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

function InviteNotice({ token }: { token: string }) {
  const t = useTranslations("auth");
  const errorText = useErrorText();
  const invite = useQuery(inviteQuery(token));
  if (invite.isPending) return null;
  if (invite.isError) return <Alert tone="warning">{errorText(invite.error.message)}</Alert>;
  return <Alert tone="info">{t.rich("joiningTeam", { team: invite.data.team.name, b: (c) => <strong>{c}</strong> })}</Alert>;
}

export function SignUpForm({ invite }: { invite?: string }) {
  const t = useTranslations("auth");
  const errorText = useErrorText();
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useFocusFirstInvalid(errors);
  const [formError, setFormError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = { ...Object.fromEntries(new FormData(e.currentTarget)), ...(invite ? { invite } : {}) };
    const parsed = signUpSchema.safeParse(data);
    setFormError(undefined);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    setPending(true);
    try {
      await sendJson("POST", "/api/signup", parsed.data);
      const res = await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
      if (!res?.ok || res.error) {
        // The account exists; let the person sign in by hand.
        router.replace("/signin");
        return;
      }
      router.replace("/dashboard");
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError) {
        const { invite: inviteError, ...rest } = err.fields;
        setErrors(rest);
        if (inviteError) setFormError(errorText(inviteError));
        else if (Object.keys(rest).length === 0) setFormError(errorText(err.message));
      } else {
        setFormError(t("signUpFailed"));
      }
    } finally {
      setPending(false);
    }
  }

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-4">
      {invite && <InviteNotice token={invite} />}
      {formError && <Alert>{formError}</Alert>}
      <TextField label={t("name")} name="name" autoComplete="name" required error={errorText(errors.name)} />
      <TextField label={t("email")} name="email" type="email" autoComplete="email" required error={errorText(errors.email)} />
      <TextField
        label={t("password")}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={t("passwordHint", { min: PASSWORD_MIN })}
        error={errorText(errors.password)}
      />
      <Button type="submit" pending={pending} className="w-full">
        {t("createAccount")}
      </Button>
      <p className="text-center text-sm text-zinc-600">
        {t("haveAccount")}{" "}
        <Link
          href={invite ? `/signin?callbackUrl=${encodeURIComponent(`/invite/${invite}`)}` : "/signin"}
          className="font-medium text-accent-600 hover:underline"
        >
          {t("signIn")}
        </Link>
      </p>
    </form>
  );
}
