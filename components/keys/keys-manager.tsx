"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { keysQuery } from "@/components/data/queries";
import { QueryTable, srOnly, type Column } from "@/components/data/query-table";
import type { ApiKey } from "@/components/data/types";
import { useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { SecretDialog } from "@/components/secret-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, Section } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CreateKeyForm } from "./create-key-form";
import { StatusBadge } from "./status-badge";
import { useRevokeKey } from "./use-keys";

export function KeysManager() {
  const t = useTranslations("keys");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const keys = useQuery(keysQuery());
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useRevokeKey();

  const columns: Column<ApiKey>[] = [
    { id: "name", header: t("name"), cell: (k) => k.name, tdProps: { className: "font-medium" } },
    { id: "key", header: t("key"), cell: (k) => k.hint, tdProps: { className: "font-mono text-xs text-zinc-600" } },
    {
      id: "created",
      header: t("created"),
      cell: (k) => formatDate(k.createdAt),
      tdProps: { className: "whitespace-nowrap" },
    },
    {
      id: "lastUsed",
      header: t("lastUsed"),
      cell: (k) => (k.lastUsedAt ? formatDate(k.lastUsedAt) : t("never")),
      tdProps: { className: "whitespace-nowrap" },
    },
    {
      id: "expires",
      header: t("expires"),
      cell: (k) => (k.expiresAt ? formatDate(k.expiresAt, "date") : t("noExpiry")),
      tdProps: { className: "whitespace-nowrap" },
    },
    { id: "status", header: t("status"), cell: (k) => <StatusBadge status={k.status} /> },
    {
      id: "actions",
      header: srOnly(tc("actions")),
      tdProps: { className: "text-right" },
      cell: (k) =>
        k.status === "active" && (
          <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" onClick={() => setRevoking(k)}>
            {t("revoke")}
            <span className="sr-only"> {k.name}</span>
          </Button>
        ),
    },
  ];

  return (
    <div className="space-y-10">
      <Section title={t("createTitle")} description={t("createDescription")}>
        <Card>
          <CreateKeyForm onCreated={setSecret} />
        </Card>
      </Section>

      <Section title={t("listTitle")}>
        {revoke.isError && <Alert>{errorText(revoke.error)}</Alert>}
        <QueryTable
          query={keys}
          rows={(d) => d.keys}
          rowKey={(k) => k.id}
          rowProps={() => ({ "data-testid": "key-row" })}
          columns={columns}
          empty={t("empty")}
        />
      </Section>

      <SecretDialog
        open={secret !== null}
        title={t("createdTitle")}
        label={t("secretLabel")}
        secret={secret ?? ""}
        warning={t("createdWarning")}
        onClose={() => setSecret(null)}
      />
      <ConfirmDialog
        open={revoking !== null}
        title={t("revokeTitle", { name: revoking?.name ?? "" })}
        description={t("revokeDescription")}
        confirmLabel={t("revoke")}
        cancelLabel={tc("cancel")}
        onConfirm={() => {
          // The row turns "Revoked" at once; a refusal restores it and shows why above the list.
          if (revoking) revoke.mutate(revoking);
          setRevoking(null);
        }}
        onCancel={() => setRevoking(null)}
      />
    </div>
  );
}
