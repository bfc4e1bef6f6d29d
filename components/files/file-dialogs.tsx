"use client";
// The Files page's dialogs: rename, add to a draft, and delete (what uses the item is listed first).
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { draftsQuery } from "@/components/data/queries";
import { useAddLibraryAudio } from "@/components/drafts/use-drafts";
import { useErrorText } from "@/components/forms/use-error-text";
import type { LibraryItem } from "@/components/library/use-library";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, TextField } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { useDeleteFile, useRenameFile, useUsages } from "./use-files";

type Props = { item: LibraryItem; onClose: () => void };

export function RenameDialog({ item, onClose }: Props) {
  const t = useTranslations("files");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const rename = useRenameFile();
  const [name, setName] = useState(item.name);
  const invalid = !name.trim() ? t("nameRequired") : /[\\/]/.test(name) ? t("nameSlash") : undefined;
  return (
    <Dialog
      open
      onClose={onClose}
      title={t("renameTitle")}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {tc("cancel")}
          </Button>
          <Button type="submit" form="rename-file" pending={rename.isPending} disabled={!!invalid}>
            {t("save")}
          </Button>
        </>
      }
    >
      <form
        id="rename-file"
        onSubmit={(e) => {
          e.preventDefault();
          if (!invalid) rename.mutate({ ref: item.ref, name: name.trim() }, { onSuccess: onClose });
        }}
      >
        <TextField
          label={t("name")}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={200}
          error={invalid ?? (rename.error ? errorText(rename.error.message) : undefined)}
          autoFocus
        />
      </form>
    </Dialog>
  );
}

export function AddToDraftDialog({ item, onClose }: Props) {
  const t = useTranslations("files");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const drafts = useQuery(draftsQuery());
  const add = useAddLibraryAudio();
  const [draftId, setDraftId] = useState("");
  const list = drafts.data?.drafts ?? [];
  const chosen = draftId || list[0]?.id || "";
  return (
    <Dialog
      open
      onClose={onClose}
      title={t("addToDraftTitle", { name: item.name })}
      description={t("addToDraftHint")}
      footer={
        add.isSuccess ? (
          <>
            <Button variant="secondary" onClick={onClose}>
              {tc("done")}
            </Button>
            <Link href={`/drafts/${encodeURIComponent(chosen)}`} className={buttonClass("primary")}>
              {t("openDraft")}
            </Link>
          </>
        ) : (
          <>
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button
              disabled={!chosen}
              pending={add.isPending}
              onClick={() => add.mutate({ draftId: chosen, ref: item.ref })}
            >
              {t("addToDraft")}
            </Button>
          </>
        )
      }
    >
      {drafts.isSuccess && list.length === 0 ? (
        <p className="text-sm text-zinc-600">
          {t("noDrafts")}{" "}
          <Link href="/drafts" className="font-medium text-accent-700 underline">
            {t("createDraft")}
          </Link>
        </p>
      ) : (
        <Field label={t("draft")}>
          {(control) => (
            <Select {...control} value={chosen} onChange={(e) => setDraftId(e.target.value)} disabled={add.isSuccess}>
              {list.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} · {d.width}×{d.height}
                </option>
              ))}
            </Select>
          )}
        </Field>
      )}
      {add.error && <Alert>{errorText(add.error.message)}</Alert>}
      {add.isSuccess && (
        <p role="status" className="mt-3 text-sm text-emerald-700">
          {t("addedToDraft")}
        </p>
      )}
    </Dialog>
  );
}

export function DeleteDialog({ item, onClose }: Props) {
  const t = useTranslations("files");
  const tc = useTranslations("common");
  const tStatus = useTranslations("orders.statuses");
  const errorText = useErrorText();
  const usages = useUsages(item.ref);
  const remove = useDeleteFile();
  const u = usages.data;
  const used = !!u && u.orders.length + u.drafts.length + u.projects.length > 0;
  const refused = u && (!u.deletable || u.blocked);
  return (
    <Dialog
      open
      onClose={onClose}
      title={t("deleteTitle", { name: item.name })}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {tc("cancel")}
          </Button>
          {!refused && (
            <Button
              variant="danger"
              disabled={!u}
              pending={remove.isPending}
              onClick={() => remove.mutate({ ref: item.ref, force: used }, { onSuccess: onClose })}
            >
              {used ? t("deleteAnyway") : t("delete")}
            </Button>
          )}
        </>
      }
    >
      <div className="space-y-3 text-sm" data-testid="usages">
        {usages.isPending && <p className="text-zinc-500">{t("checkingUsages")}</p>}
        {usages.error && <Alert>{errorText(usages.error.message)}</Alert>}
        {u && !u.deletable && <Alert>{t("materialNotDeletable")}</Alert>}
        {u?.blocked && <Alert>{t("blockedByOrder")}</Alert>}
        {u?.deletable && !used && <p className="text-zinc-700">{t("notUsed")}</p>}
        {u && used && u.deletable && !u.blocked && <p className="font-medium text-amber-800">{t("usedWarning")}</p>}
        {u && u.orders.length > 0 && (
          <UsageList title={t("usedByOrders")}>
            {u.orders.map((o) => (
              <li key={o.orderNo}>
                <Link href={`/orders/${encodeURIComponent(o.orderNo)}`} className="text-accent-700 underline">
                  {o.title}
                </Link>{" "}
                <span className="text-zinc-500">
                  · {tStatus.has(o.status as never) ? tStatus(o.status as never) : o.status}
                </span>
              </li>
            ))}
          </UsageList>
        )}
        {u && u.drafts.length > 0 && (
          <UsageList title={t("usedByDrafts")} note={t("draftsKeepCopy")}>
            {u.drafts.map((d) => (
              <li key={d.id}>
                <Link href={`/drafts/${encodeURIComponent(d.id)}`} className="text-accent-700 underline">
                  {d.name}
                </Link>
              </li>
            ))}
          </UsageList>
        )}
        {u && u.projects.length > 0 && (
          <UsageList title={t("usedByProjects")} note={t("projectsLoseClips")}>
            {u.projects.map((p) => (
              <li key={p.id}>
                <Link href={`/studio/${encodeURIComponent(p.id)}`} className="text-accent-700 underline">
                  {p.name}
                </Link>
              </li>
            ))}
          </UsageList>
        )}
        {remove.error && <Alert>{errorText(remove.error.message)}</Alert>}
      </div>
    </Dialog>
  );
}

function UsageList({ title, note, children }: { title: string; note?: string; children: React.ReactNode }) {
  return (
    <div>
      <p className="font-medium text-zinc-900">{title}</p>
      {note && <p className="text-xs text-zinc-500">{note}</p>}
      <ul className="mt-1 list-disc space-y-0.5 pl-5">{children}</ul>
    </div>
  );
}
