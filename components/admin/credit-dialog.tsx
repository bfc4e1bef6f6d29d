"use client";
// Grant or deduct credits for one user; every change is recorded in the ledger with its reason.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { creditChangeSchema } from "@/lib/contracts/account";
import type { AdminUser } from "@/components/data/types";
import { useFormatCredits } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { useSchemaForm } from "@/components/forms/use-schema-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { cx } from "@/components/ui/cx";
import { useChangeCredits } from "./use-admin";

const magnitudeOf = (data: FormData) => {
  const raw = String(data.get("amount") ?? "").trim();
  return raw === "" ? Number.NaN : Number(raw);
};

export function CreditDialog({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const t = useTranslations("admin");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const formatCredits = useFormatCredits();
  const [mode, setMode] = useState<"grant" | "deduct">("grant");
  const form = useSchemaForm({
    schema: creditChangeSchema,
    // Direction comes from the toggle; the amount is always entered as a positive number.
    values: (data) => ({
      amount: mode === "deduct" ? -magnitudeOf(data) : magnitudeOf(data),
      reason: data.get("reason"),
    }),
    check: (data) => (magnitudeOf(data) < 0 ? { amount: t("positiveAmount") } : undefined),
    mutation: useChangeCredits(user?.id),
    onSuccess: () => close(),
  });

  function close() {
    form.reset();
    setMode("grant");
    onClose();
  }

  return (
    <Dialog
      open={user !== null}
      onClose={close}
      title={t("adjustTitle")}
      description={
        user ? t("adjustDescription", { email: user.email, balance: formatCredits(user.balance) }) : undefined
      }
    >
      <form ref={form.formRef} noValidate onSubmit={form.onSubmit} className="space-y-4">
        {form.formError && <Alert>{errorText(form.formError)}</Alert>}
        <fieldset>
          <legend className="text-sm font-medium text-zinc-800">{t("direction")}</legend>
          <div className="mt-1.5 grid grid-cols-2 gap-2">
            {(["grant", "deduct"] as const).map((m) => (
              <label
                key={m}
                className={cx(
                  "flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent-500",
                  mode === m ? "border-accent-500 bg-accent-50 text-accent-700" : "border-zinc-300 bg-white",
                )}
              >
                <input
                  type="radio"
                  name="mode"
                  value={m}
                  checked={mode === m}
                  onChange={() => setMode(m)}
                  className="accent-accent-600"
                />
                {t(m)}
              </label>
            ))}
          </div>
        </fieldset>
        <TextField
          label={t("amount")}
          name="amount"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          required
          error={errorText(form.errors.amount)}
        />
        <TextField label={t("reason")} name="reason" maxLength={200} required error={errorText(form.errors.reason)} />
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={close}>
            {tc("cancel")}
          </Button>
          <Button type="submit" variant={mode === "deduct" ? "danger" : "primary"} pending={form.pending}>
            {mode === "deduct" ? t("confirmDeduct") : t("confirmGrant")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
