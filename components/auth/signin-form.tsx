"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useErrorText } from "@/components/forms/use-error-text";
import { useSchemaForm } from "@/components/forms/use-schema-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useSignIn } from "./use-auth";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("auth");
  const errorText = useErrorText();
  const router = useRouter();
  const form = useSchemaForm({
    // Loaded on submit: zod stays out of the sign-in page's first load (scripts/check-bundle.mjs).
    schema: () => import("@/lib/contracts/account").then((m) => m.signInSchema),
    mutation: useSignIn(t("signInFailed")),
    onSuccess: () => {
      router.replace(callbackUrl);
      router.refresh();
    },
  });

  const signupHref = callbackUrl.startsWith("/invite/")
    ? `/signup?invite=${encodeURIComponent(callbackUrl.slice("/invite/".length))}`
    : "/signup";

  return (
    <form ref={form.formRef} noValidate onSubmit={form.onSubmit} className="space-y-4">
      {form.formError && <Alert>{errorText(form.formError)}</Alert>}
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
        autoComplete="current-password"
        required
        error={errorText(form.errors.password)}
      />
      <Button type="submit" pending={form.pending} className="w-full">
        {t("signIn")}
      </Button>
      <p className="text-center text-sm text-zinc-600">
        {t("noAccount")}{" "}
        <a href={signupHref} className="font-medium text-accent-600 hover:underline">
          {t("createAccount")}
        </a>
      </p>
    </form>
  );
}
