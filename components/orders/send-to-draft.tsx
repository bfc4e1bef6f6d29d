"use client";
// "Send to a draft": pick one of the team's drafts and where the transcript lines up — a clip of
// the draft (the one made from this order's source is preselected) or an offset from the start —
// plus the caption style; the server writes a caption track (lib/transcripts/send-to-draft.ts).
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { draftQuery, draftsQuery } from "@/components/data/queries";
import type { DraftDetail, OrderDetail } from "@/components/data/types";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { clock } from "./transcript-panel";
import { useSendToDraft } from "./use-transcript";

const NOTHING_IN_CLIP = "No part of the transcript falls inside that clip";
const START = "start";

/** The clip made from the order's own source, if the draft has one. */
const clipOfSource = (draft: DraftDetail | undefined, pathKey: string) =>
  draft?.tracks.flatMap((t) => t.clips).find((c) => c.sourceUrl === pathKey)?.id;

export function SendToDraft({ order, open, onClose }: { order: OrderDetail; open: boolean; onClose: () => void }) {
  const t = useTranslations("transcript.send");
  const errorText = useErrorText();
  const drafts = useQuery({ ...draftsQuery(), enabled: open });
  const [draftId, setDraftId] = useState("");
  const chosen = draftId || drafts.data?.drafts[0]?.id || "";
  const draft = useQuery({ ...draftQuery(chosen), enabled: open && chosen !== "" });
  const [clipChoice, setClipChoice] = useState<string | null>(null);
  const clipId = clipChoice ?? clipOfSource(draft.data, order.pathKey) ?? START;
  const [offset, setOffset] = useState("0");
  const [fontSize, setFontSize] = useState("8");
  const [color, setColor] = useState("#ffffff");
  const [position, setPosition] = useState<"bottom" | "middle" | "top">("bottom");
  const [background, setBackground] = useState(false);
  const send = useSendToDraft(order.orderNo);

  const close = () => {
    send.reset();
    onClose();
  };
  const submit = () => {
    const seconds = Number(offset);
    send.mutate({
      draftId: chosen,
      clipId: clipId === START ? null : clipId,
      offsetUs: clipId === START && Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1e6) : 0,
      style: {
        font_size: Number(fontSize) || 8,
        text_color: color,
        position,
        background_color: background ? "#000000" : null,
        background_alpha: 0.6,
      },
    });
  };
  const clips = draft.data?.tracks.flatMap((tr) => tr.clips) ?? [];

  return (
    <Dialog
      open={open}
      onClose={close}
      title={t("title")}
      description={t("description")}
      footer={
        send.isSuccess ? (
          <Button onClick={close}>{t("done")}</Button>
        ) : (
          <>
            <Button variant="ghost" onClick={close}>
              {t("cancel")}
            </Button>
            <Button onClick={submit} pending={send.isPending} disabled={!chosen}>
              {t("submit")}
            </Button>
          </>
        )
      }
    >
      {send.isSuccess ? (
        <Alert tone="success">
          <span data-testid="sent-to-draft">
            {t("sent", {
              count: send.data.count,
              from: clock(send.data.startUs / 1e6),
              to: clock(send.data.endUs / 1e6),
            })}
          </span>{" "}
          <Link href={`/drafts/${send.data.draftId}`} className="font-medium underline">
            {t("openDraft")}
          </Link>
        </Alert>
      ) : drafts.data && drafts.data.drafts.length === 0 ? (
        <p className="text-sm text-zinc-600">
          {t("noDrafts")}{" "}
          <Link href="/drafts" className="font-medium text-accent-600 hover:underline">
            {t("createDraft")}
          </Link>
        </p>
      ) : (
        <div className="space-y-4">
          <Field label={t("draft")}>
            {(control) => (
              <Select
                {...control}
                value={chosen}
                onChange={(e) => {
                  setDraftId(e.target.value);
                  setClipChoice(null);
                }}
              >
                {drafts.data?.drafts.map((d) => (
                  <option key={d.id} value={d.id}>
                    {t("draftOption", { id: d.id.slice(0, 8), clips: d.clipCount, by: d.creator.name })}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label={t("alignTo")} hint={t("alignHint")}>
            {(control) => (
              <Select {...control} value={clipId} onChange={(e) => setClipChoice(e.target.value)}>
                <option value={START}>{t("timelineStart")}</option>
                {clips.map((c) => (
                  <option key={c.id} value={c.id}>
                    {t("clipOption", { name: c.name || c.fileName, at: clock(c.startUs / 1e6) })}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {clipId === START && (
            <Field label={t("offset")}>
              {(control) => (
                <Input
                  {...control}
                  type="number"
                  min={0}
                  step={0.1}
                  value={offset}
                  onChange={(e) => setOffset(e.target.value)}
                />
              )}
            </Field>
          )}
          <div className="grid grid-cols-3 gap-3">
            <Field label={t("fontSize")}>
              {(control) => (
                <Input
                  {...control}
                  type="number"
                  min={1}
                  max={100}
                  value={fontSize}
                  onChange={(e) => setFontSize(e.target.value)}
                />
              )}
            </Field>
            <Field label={t("color")}>
              {(control) => (
                <Input {...control} type="color" value={color} onChange={(e) => setColor(e.target.value)} />
              )}
            </Field>
            <Field label={t("position")}>
              {(control) => (
                <Select {...control} value={position} onChange={(e) => setPosition(e.target.value as typeof position)}>
                  {(["bottom", "middle", "top"] as const).map((p) => (
                    <option key={p} value={p}>
                      {t(`positions.${p}`)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <label className="flex items-center gap-2 text-sm text-zinc-800">
            <input type="checkbox" checked={background} onChange={(e) => setBackground(e.target.checked)} />
            {t("background")}
          </label>
          {send.error && (
            <Alert>{send.error.message === NOTHING_IN_CLIP ? t("nothingInClip") : errorText(send.error)}</Alert>
          )}
        </div>
      )}
    </Dialog>
  );
}
