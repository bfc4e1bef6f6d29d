"use client";
// "Apply to draft": the saved timeline into a new draft or an existing one (replace its audio
// tracks or append), through the same writer add_audios uses. Loaded on demand.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { draftsQuery } from "@/components/data/queries";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input, Select } from "@/components/ui/input";
import { applyToDraft } from "./api";

type Props = {
  open: boolean;
  onClose: () => void;
  projectId: string;
  draftId?: string | null;
  flush: () => Promise<void>;
  /** Called with the draft written, once it is. */
  onApplied?: (draftId: string) => void;
};

export default function ApplyDialog({ open, onClose, projectId, draftId, flush, onApplied }: Props) {
  const t = useTranslations("studio");
  const errorText = useErrorText();
  const drafts = useQuery({ ...draftsQuery(), enabled: open });
  const [target, setTarget] = useState<"new" | "existing">(draftId ? "existing" : "new");
  const [existing, setExisting] = useState(draftId ?? "");
  const [mode, setMode] = useState<"replace" | "append">("replace");
  const [size, setSize] = useState({ width: 1920, height: 1080 });
  const apply = useMutation({
    mutationFn: async () => {
      await flush();
      return applyToDraft(
        projectId,
        target === "new" ? { newDraft: size } : { draftId: existing || drafts.data?.drafts[0]?.id || "" },
        target === "new" ? "replace" : mode,
      );
    },
    onSuccess: (r) => onApplied?.(r.draftId),
  });
  const list = drafts.data?.drafts ?? [];
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t("applyTitle")}
      description={t("applyHint")}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t("close")}
          </Button>
          <Button
            pending={apply.isPending}
            disabled={target === "existing" && !list.length}
            onClick={() => apply.mutate()}
          >
            {t("apply")}
          </Button>
        </>
      }
    >
      <div className="space-y-4 text-sm">
        <fieldset className="space-y-2">
          <legend className="font-medium text-zinc-800">{t("applyTarget")}</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="target" checked={target === "new"} onChange={() => setTarget("new")} />
            {t("newDraft")}
          </label>
          {target === "new" && (
            <div className="ml-6 flex gap-2">
              <Input
                type="number"
                aria-label={t("width")}
                value={size.width}
                min={16}
                onChange={(e) => setSize((s) => ({ ...s, width: Number(e.target.value) }))}
                className="h-8 w-24"
              />
              <span className="self-center">×</span>
              <Input
                type="number"
                aria-label={t("height")}
                value={size.height}
                min={16}
                onChange={(e) => setSize((s) => ({ ...s, height: Number(e.target.value) }))}
                className="h-8 w-24"
              />
            </div>
          )}
          <label className="flex items-center gap-2">
            <input type="radio" name="target" checked={target === "existing"} onChange={() => setTarget("existing")} />
            {t("existingDraft")}
          </label>
          {target === "existing" && (
            <div className="ml-6 space-y-2">
              <Select
                aria-label={t("existingDraft")}
                value={existing}
                onChange={(e) => setExisting(e.target.value)}
                className="h-8"
              >
                {list.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.id} · {d.width}×{d.height}
                  </option>
                ))}
              </Select>
              <div className="flex gap-4">
                <label className="flex items-center gap-2">
                  <input type="radio" name="mode" checked={mode === "replace"} onChange={() => setMode("replace")} />
                  {t("modeReplace")}
                </label>
                <label className="flex items-center gap-2">
                  <input type="radio" name="mode" checked={mode === "append"} onChange={() => setMode("append")} />
                  {t("modeAppend")}
                </label>
              </div>
            </div>
          )}
        </fieldset>
        {apply.isError && <Alert>{errorText(apply.error)}</Alert>}
        {apply.data && (
          <Alert tone="success">
            {t("applied")}{" "}
            <Link href={`/drafts/${apply.data.draftId}`} className="font-medium underline" data-testid="applied-draft">
              {t("openDraft")}
            </Link>
          </Alert>
        )}
      </div>
    </Dialog>
  );
}
