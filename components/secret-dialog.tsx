"use client";
// Shows a secret (an API key, an invite link) the one time the server hands it out.
import { useTranslations } from "next-intl";
import { useRef, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

type SecretDialogProps = {
  open: boolean;
  title: ReactNode;
  label: string;
  secret: string;
  warning: ReactNode;
  onClose: () => void;
};

export function SecretDialog({ open, title, label, secret, warning, onClose }: SecretDialogProps) {
  const t = useTranslations("common");
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "select" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("yes");
    } catch {
      // No clipboard access (insecure origin, denied permission): select it for a manual copy.
      field.current?.focus();
      field.current?.select();
      setCopied("select");
    }
  }

  return (
    <Dialog
      open={open}
      onClose={() => {
        setCopied(null);
        onClose();
      }}
      title={title}
      footer={
        <Button variant="secondary" onClick={onClose}>
          {t("done")}
        </Button>
      }
    >
      <div className="space-y-4">
        <Alert tone="warning">{warning}</Alert>
        <div className="space-y-1.5">
          <label htmlFor="secret-value" className="block text-sm font-medium text-zinc-800">
            {label}
          </label>
          <div className="flex gap-2">
            <input
              ref={field}
              id="secret-value"
              readOnly
              value={secret}
              data-testid="secret-value"
              onFocus={(e) => e.currentTarget.select()}
              className="h-10 min-w-0 flex-1 rounded-md border border-zinc-300 bg-zinc-50 px-3 font-mono text-sm text-zinc-900"
            />
            <Button onClick={copy}>{t("copy")}</Button>
          </div>
          <p aria-live="polite" className="min-h-5 text-sm text-emerald-700">
            {copied === "yes" ? t("copied") : copied === "select" ? t("copyManually") : ""}
          </p>
        </div>
      </div>
    </Dialog>
  );
}
