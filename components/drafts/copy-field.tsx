"use client";
// A read-only value with a Copy button; without clipboard access the text is selected instead.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const t = useTranslations("common");
  const [copied, setCopied] = useState<"yes" | "select" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      const field = document.getElementById(id) as HTMLInputElement | null;
      field?.focus();
      field?.select();
      setCopied("select");
    }
  }

  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <div className="flex gap-2">
        <Input id={id} readOnly value={value} className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
        <Button variant="secondary" onClick={copy}>
          {t("copy")}
          <span className="sr-only"> {label}</span>
        </Button>
      </div>
      <p role="status" className="min-h-4 text-xs text-zinc-500">
        {copied === "yes" ? t("copied") : copied === "select" ? t("copyManually") : ""}
      </p>
    </div>
  );
}
