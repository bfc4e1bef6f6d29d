"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { sendJson } from "@/components/data/api";
import { keysQuery, queryKeys } from "@/components/data/queries";
import type { ApiKey } from "@/components/data/types";
import { useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { SecretDialog } from "@/components/secret-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, Section } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyRow, TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { CreateKeyForm } from "./create-key-form";
import { StatusBadge } from "./status-badge";

export function KeysManager() {
  const t = useTranslations("keys");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const queryClient = useQueryClient();
  const keys = useQuery(keysQuery());
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => sendJson("DELETE", `/api/keys/${encodeURIComponent(id)}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.keys() });
      setRevoking(null);
    },
  });

  return (
    <div className="space-y-10">
      <Section title={t("createTitle")} description={t("createDescription")}>
        <Card>
          <CreateKeyForm onCreated={setSecret} />
        </Card>
      </Section>

      <Section title={t("listTitle")}>
        {keys.isError && <Alert>{errorText(keys.error.message)}</Alert>}
        <Table>
          <THead>
            <tr>
              <Th>{t("name")}</Th>
              <Th>{t("key")}</Th>
              <Th>{t("created")}</Th>
              <Th>{t("lastUsed")}</Th>
              <Th>{t("expires")}</Th>
              <Th>{t("status")}</Th>
              <Th>
                <span className="sr-only">{tc("actions")}</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {keys.isPending && <EmptyRow colSpan={7}>{tc("loading")}</EmptyRow>}
            {keys.data?.keys.length === 0 && <EmptyRow colSpan={7}>{t("empty")}</EmptyRow>}
            {keys.data?.keys.map((key) => (
              <Tr key={key.id} data-testid="key-row">
                <Td className="font-medium">{key.name}</Td>
                <Td className="font-mono text-xs text-zinc-600">{key.hint}</Td>
                <Td className="whitespace-nowrap">{formatDate(key.createdAt)}</Td>
                <Td className="whitespace-nowrap">{key.lastUsedAt ? formatDate(key.lastUsedAt) : t("never")}</Td>
                <Td className="whitespace-nowrap">{key.expiresAt ? formatDate(key.expiresAt, "date") : t("noExpiry")}</Td>
                <Td>
                  <StatusBadge status={key.status} />
                </Td>
                <Td className="text-right">
                  {key.status === "active" && (
                    <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" onClick={() => setRevoking(key)}>
                      {t("revoke")}
                      <span className="sr-only"> {key.name}</span>
                    </Button>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
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
        pending={revoke.isPending}
        error={revoke.isError ? errorText(revoke.error.message) : undefined}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onCancel={() => {
          revoke.reset();
          setRevoking(null);
        }}
      />
    </div>
  );
}
