"use client";
// "Export mix": the server renders the saved timeline (an Order of type studio-export), this
// follows its progress and offers the result to play and download. Loaded on demand.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { orderQuery } from "@/components/data/queries";
import { useErrorText } from "@/components/forms/use-error-text";
import { ProgressBar } from "@/components/orders/progress-bar";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Select } from "@/components/ui/input";
import { sameOrigin, startExport } from "./api";

type Props = { open: boolean; onClose: () => void; projectId: string; flush: () => Promise<void> };

export default function ExportPanel({ open, onClose, projectId, flush }: Props) {
  const t = useTranslations("studio");
  const errorText = useErrorText();
  const formatId = useId();
  const [format, setFormat] = useState<"wav" | "mp3">("wav");
  const start = useMutation({
    mutationFn: async () => {
      await flush();
      return startExport(projectId, format);
    },
  });
  const orderNo = start.data?.orderNo;
  const order = useQuery({ ...orderQuery(orderNo ?? ""), enabled: !!orderNo });
  const o = order.data;
  const file = o?.status === "finish" ? o.stuffs[0] : undefined;
  const failed = o && (o.status === "failed" || o.status === "timeout");
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t("exportTitle")}
      description={t("exportHint")}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t("close")}
          </Button>
          <Button pending={start.isPending || (!!orderNo && !file && !failed)} onClick={() => start.mutate()}>
            {t("exportStart")}
          </Button>
        </>
      }
    >
      <div className="space-y-4 text-sm">
        <label className="block" htmlFor={formatId}>
          {t("format")}
          <Select
            aria-label={t("format")}
            value={format}
            onChange={(e) => setFormat(e.target.value as "wav" | "mp3")}
            className="mt-1 h-8"
          >
            <option value="wav">WAV</option>
            <option value="mp3">MP3</option>
          </Select>
        </label>
        {orderNo && !file && !failed && (
          <ProgressBar
            fraction={o?.progress ?? 0}
            label={t("exportProgress")}
            valueText={`${Math.round((o?.progress ?? 0) * 100)}%`}
          />
        )}
        {start.isError && <Alert>{errorText(start.error)}</Alert>}
        {failed && <Alert>{o.reason || t("exportFailed")}</Alert>}
        {file && (
          <div className="space-y-2" data-testid="export-result">
            <audio controls src={sameOrigin(file.url)} className="w-full" aria-label={file.name} />
            <a
              href={`${sameOrigin(file.url)}&download=1`}
              download={file.name}
              className={buttonClass("secondary", "sm")}
            >
              {t("download")} {file.name}
            </a>
          </div>
        )}
      </div>
    </Dialog>
  );
}
