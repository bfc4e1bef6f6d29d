"use client";
// An administrator resets someone's password: confirm, then the new random password is shown once.
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { sendJson } from "@/components/data/api";
import type { AdminUser } from "@/components/data/types";
import { useErrorText } from "@/components/forms/use-error-text";
import { SecretDialog } from "@/components/secret-dialog";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

type Reset = { password: string; generated: boolean; sessionsEnded: number };

export function ResetPasswordDialog({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const t = useTranslations("credits.reset");
  const tc = useTranslations("common");
  const tAccount = useTranslations("credits.account");
  const errorText = useErrorText();
  const reset = useMutation({
    mutationFn: (id: string) => sendJson<Reset>("POST", `/api/admin/users/${encodeURIComponent(id)}/password`, {}),
  });
  const close = () => {
    reset.reset();
    onClose();
  };
  if (reset.data && user) {
    return (
      <SecretDialog
        open
        title={t("doneTitle", { email: user.email })}
        label={tAccount("newPassword")}
        secret={reset.data.password}
        warning={t("doneNote")}
        onClose={close}
      />
    );
  }
  return (
    <ConfirmDialog
      open={user !== null}
      tone="danger"
      title={user ? t("title", { email: user.email }) : ""}
      description={t("description")}
      confirmLabel={t("confirm")}
      cancelLabel={tc("cancel")}
      pending={reset.isPending}
      error={errorText(reset.error?.message)}
      onConfirm={() => user && reset.mutate(user.id)}
      onCancel={close}
    />
  );
}
