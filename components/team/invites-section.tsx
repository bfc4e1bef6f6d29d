"use client";
// Owners make invite links, see who they are still open for and revoke them.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { CopyInviteButton } from "./copy-invite-button";
import { DataTable, srOnly, type Column } from "@/components/data/query-table";
import type { Invite } from "@/components/data/types";
import { useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { useRevokeInvite } from "@/components/invite/use-invites";
import { StatusBadge } from "@/components/keys/status-badge";
import { SecretDialog } from "@/components/secret-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, Section } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CreateInviteForm } from "./create-invite-form";

/** On a phone the creation date gives way, so status and the revoke button stay in view. */
const WIDE_ONLY = "hidden sm:table-cell";

export function InvitesSection({ invites }: { invites: Invite[] }) {
  const t = useTranslations("team");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const [url, setUrl] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<Invite | null>(null);
  const revoke = useRevokeInvite();

  const columns: Column<Invite>[] = [
    {
      id: "created",
      header: t("created"),
      cell: (i) => formatDate(i.createdAt),
      thProps: { className: WIDE_ONLY },
      tdProps: { className: `whitespace-nowrap ${WIDE_ONLY}` },
    },
    {
      id: "expires",
      header: t("expires"),
      cell: (i) => formatDate(i.expiresAt),
      tdProps: { className: "whitespace-nowrap" },
    },
    {
      id: "uses",
      header: t("uses"),
      cell: (i) => t("usesOf", { uses: i.uses, max: i.maxUses }),
      tdProps: { className: "tabular-nums whitespace-nowrap" },
    },
    { id: "status", header: t("status"), cell: (i) => <StatusBadge status={i.status} /> },
    {
      id: "actions",
      header: srOnly(tc("actions")),
      tdProps: { className: "text-right" },
      cell: (i) =>
        i.status === "active" && (
          // Stacked on a phone, so Copy and Revoke both stay on screen beside the status.
          <span className="flex flex-col items-end gap-1 sm:inline-flex sm:flex-row sm:items-center sm:justify-end">
            <CopyInviteButton url={i.url} />
            <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" onClick={() => setRevoking(i)}>
              {t("revokeInvite")}
            </Button>
          </span>
        ),
    },
  ];

  return (
    <Section title={t("invitesTitle")} description={t("invitesDescription")}>
      <Card>
        <CreateInviteForm onCreated={setUrl} />
      </Card>
      {revoke.isError && <Alert>{errorText(revoke.error)}</Alert>}
      <DataTable
        columns={columns}
        rows={invites}
        rowKey={(i) => i.id}
        rowProps={() => ({ "data-testid": "invite-row" })}
        empty={t("noInvites")}
      />

      <SecretDialog
        open={url !== null}
        title={t("inviteCreatedTitle")}
        label={t("inviteLink")}
        secret={url ?? ""}
        warning={t("inviteCreatedWarning")}
        onClose={() => setUrl(null)}
      />
      <ConfirmDialog
        open={revoking !== null}
        title={t("revokeInviteTitle")}
        description={t("revokeInviteDescription")}
        confirmLabel={t("revokeInvite")}
        cancelLabel={tc("cancel")}
        onConfirm={() => {
          // The row turns "Revoked" at once; a refusal restores it and shows why above the list.
          if (revoking) revoke.mutate(revoking);
          setRevoking(null);
        }}
        onCancel={() => setRevoking(null)}
      />
    </Section>
  );
}
