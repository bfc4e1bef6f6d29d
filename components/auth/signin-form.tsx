"use client";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { signInSchema } from "@/lib/contracts/account";
import { fieldErrors } from "@/components/forms/field-errors";
import { useErrorText } from "@/components/forms/use-error-text";
import { useFocusFirstInvalid } from "@/components/forms/use-focus-invalid";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("auth");
  const errorText = useErrorText();
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useFocusFirstInvalid(errors);
  const [formError, setFormError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(e.currentTarget));
    const parsed = signInSchema.safeParse(data);
    setFormError(undefined);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    setPending(true);
    try {
      const res = await signIn("credentials", { ...parsed.data, redirect: false });
      if (!res || res.error || !res.ok) {
        setFormError(errorText(res?.error ?? undefined) ?? t("signInFailed"));
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setFormError(t("signInFailed"));
    } finally {
      setPending(false);
    }
  }

  const signupHref = callbackUrl.startsWith("/invite/")
    ? `/signup?invite=${encodeURIComponent(callbackUrl.slice("/invite/".length))}`
    : "/signup";

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-4">
      {formError && <Alert>{formError}</Alert>}
      <TextField label={t("email")} name="email" type="email" autoComplete="email" required error={errorText(errors.email)} />
      <TextField label={t("password")} name="password" type="password" autoComplete="current-password" required error={errorText(errors.password)} />
      <Button type="submit" pending={pending} className="w-full">
        {t("signIn")}
      </Button>
      <p className="text-center text-sm text-zinc-600">
        {t("noAccount")}{" "}
        <Link href={signupHref} className="font-medium text-accent-600 hover:underline">
          {t("createAccount")}
        </Link>
      </p>
    </form>
  );
}
