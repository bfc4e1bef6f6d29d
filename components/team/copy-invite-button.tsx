"use client";
// Copies a still-valid invite link again (links made before this was possible cannot be rebuilt).
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function CopyInviteButton({ url }: { url: string | null }) {
  const t = useTranslations("credits.invite");
  const [copied, setCopied] = useState(false);
  if (!url) return <span className="text-xs text-zinc-500">{t("notCopyable")}</span>;
  return (
    <>
      <Button
        variant="secondary"
        size="sm"
        data-testid="copy-invite"
        data-url={url}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(url);
            setCopied(true);
          } catch {
            // No clipboard (insecure origin, denied): show the link to copy by hand.
            window.prompt(t("copy"), url);
          }
        }}
      >
        {copied ? t("copied") : t("copy")}
      </Button>
      <span aria-live="polite" className="sr-only">
        {copied ? t("copied") : ""}
      </span>
    </>
  );
}
