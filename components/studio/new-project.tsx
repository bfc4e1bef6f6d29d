"use client";
// Makes a project and opens it: from a draft (its audio tracks loaded by the server) or empty with
// media to place (?add=<refs>, placed by the editor once it knows their lengths).
import { useTranslations } from "next-intl";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { createProject, projectFromDraft } from "./api";

export function NewStudioProject() {
  const t = useTranslations("studio");
  const errorText = useErrorText();
  const params = useSearchParams();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const draft = params.get("draft");
    const add = params.get("add");
    const name = params.get("name") || t("untitled");
    const made = draft ? projectFromDraft(draft) : createProject({ name });
    made
      .then((p) => router.replace(`/studio/${p.id}${add ? `?add=${encodeURIComponent(add)}` : ""}`))
      .catch((e: Error) => setError(errorText(e.message) ?? e.message));
  }, [params, router, t, errorText]);
  return error ? <Alert>{error}</Alert> : <p className="text-sm text-zinc-500">{t("opening")}</p>;
}
