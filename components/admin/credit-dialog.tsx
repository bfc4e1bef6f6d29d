"use client";
// Grant or deduct credits for one user; every change is recorded in the ledger with its reason.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { creditChangeSchema } from "@/lib/contracts/account";
import { ApiError, sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { AdminUser } from "@/components/data/types";
import { useFormatCredits } from "@/components/format";
import { fieldErrors } from "@/components/forms/field-errors";
import { useErrorText } from "@/components/forms/use-error-text";
import { useFocusFirstInvalid } from "@/components/forms/use-focus-invalid";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { cx } from "@/components/ui/cx";

export function CreditDialog({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const t = useTranslations("admin");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const formatCredits = useFormatCredits();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"grant" | "deduct">("grant");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useFocusFirstInvalid(errors);
  const change = useMutation({
    mutationFn: (input: { id: string; amount: number; reason: string }) =>
      sendJson("POST", `/api/admin/users/${encodeURIComponent(input.id)}/credits`, { amount: input.amount, reason: input.reason }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.adminUsers() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.ledger() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.me() }),
      ]);
      close();
    },
    onError: (err) => err instanceof ApiError && setErrors(err.fields),
  });

  function close() {
    setErrors({});
    setMode("grant");
    change.reset();
    onClose();
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!user) return;
    const data = new FormData(e.currentTarget);
    const raw = String(data.get("amount") ?? "").trim();
    const magnitude = raw === "" ? Number.NaN : Number(raw);
    // Direction comes from the toggle; the amount is always entered as a positive number.
    if (magnitude < 0) return setErrors({ amount: t("positiveAmount") });
    const parsed = creditChangeSchema.safeParse({
      amount: mode === "deduct" ? -magnitude : magnitude,
      reason: data.get("reason"),
    });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    change.mutate({ id: user.id, ...parsed.data });
  }

  const showDetail = change.isError && !(change.error instanceof ApiError && Object.keys(change.error.fields).length);

  return (
    <Dialog
      open={user !== null}
      onClose={close}
      title={t("adjustTitle")}
      description={user ? t("adjustDescription", { email: user.email, balance: formatCredits(user.balance) }) : undefined}
    >
      <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-4">
        {showDetail && <Alert>{errorText(change.error?.message)}</Alert>}
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
                <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} className="accent-accent-600" />
                {t(m)}
              </label>
            ))}
          </div>
        </fieldset>
        <TextField label={t("amount")} name="amount" type="number" inputMode="numeric" min={1} step={1} required error={errorText(errors.amount)} />
        <TextField label={t("reason")} name="reason" maxLength={200} required error={errorText(errors.reason)} />
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={close}>
            {tc("cancel")}
          </Button>
          <Button type="submit" variant={mode === "deduct" ? "danger" : "primary"} pending={change.isPending}>
            {mode === "deduct" ? t("confirmDeduct") : t("confirmGrant")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
