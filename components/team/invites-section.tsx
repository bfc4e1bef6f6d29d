"use client";
// Owners make invite links, see who they are still open for and revoke them.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { createInviteSchema, INVITE_MAX_USES } from "@/lib/contracts/account";
import { ApiError, sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { Invite } from "@/components/data/types";
import { useFormatDate } from "@/components/format";
import { fieldErrors } from "@/components/forms/field-errors";
import { useErrorText } from "@/components/forms/use-error-text";
import { useFocusFirstInvalid } from "@/components/forms/use-focus-invalid";
import { StatusBadge } from "@/components/keys/status-badge";
import { SecretDialog } from "@/components/secret-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, Section } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { TextField } from "@/components/ui/field";
import { EmptyRow, TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";

export function InvitesSection({ invites }: { invites: Invite[] }) {
  const t = useTranslations("team");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useFocusFirstInvalid(errors);
  const [url, setUrl] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<Invite | null>(null);

  const create = useMutation({
    mutationFn: (input: { days: number; maxUses: number }) =>
      sendJson<{ invite: Invite; url: string }>("POST", "/api/team/invites", input),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.team() });
      setUrl(res.url);
    },
    onError: (err) => err instanceof ApiError && setErrors(err.fields),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => sendJson("DELETE", `/api/team/invites/${encodeURIComponent(id)}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.team() });
      setRevoking(null);
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const num = (name: string) => {
      const raw = String(form.get(name) ?? "").trim();
      return raw === "" ? undefined : Number(raw);
    };
    const parsed = createInviteSchema.safeParse({ days: num("days"), maxUses: num("maxUses") });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    create.mutate(parsed.data);
  }

  return (
    <Section title={t("invitesTitle")} description={t("invitesDescription")}>
      <Card>
        <form ref={formRef} noValidate onSubmit={onSubmit} className="flex flex-wrap items-start gap-3">
          <TextField
            label={t("days")}
            name="days"
            type="number"
            inputMode="numeric"
            min={1}
            max={30}
            defaultValue={7}
            fieldClassName="w-32"
            error={errorText(errors.days)}
          />
          <TextField
            label={t("maxUses")}
            name="maxUses"
            type="number"
            inputMode="numeric"
            min={1}
            max={INVITE_MAX_USES}
            defaultValue={1}
            fieldClassName="w-40"
            error={errorText(errors.maxUses)}
          />
          <Button type="submit" pending={create.isPending} className="mt-7">
            {t("createInvite")}
          </Button>
        </form>
        {create.isError && !(create.error instanceof ApiError && Object.keys(create.error.fields).length) && (
          <Alert className="mt-3">{errorText(create.error.message)}</Alert>
        )}
      </Card>
      <Table>
        <THead>
          <tr>
            <Th>{t("created")}</Th>
            <Th>{t("expires")}</Th>
            <Th>{t("uses")}</Th>
            <Th>{t("status")}</Th>
            <Th>
              <span className="sr-only">{tc("actions")}</span>
            </Th>
          </tr>
        </THead>
        <TBody>
          {invites.length === 0 && <EmptyRow colSpan={5}>{t("noInvites")}</EmptyRow>}
          {invites.map((invite) => (
            <Tr key={invite.id} data-testid="invite-row">
              <Td className="whitespace-nowrap">{formatDate(invite.createdAt)}</Td>
              <Td className="whitespace-nowrap">{formatDate(invite.expiresAt)}</Td>
              <Td className="tabular-nums">{t("usesOf", { uses: invite.uses, max: invite.maxUses })}</Td>
              <Td>
                <StatusBadge status={invite.status} />
              </Td>
              <Td className="text-right">
                {invite.status === "active" && (
                  <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" onClick={() => setRevoking(invite)}>
                    {t("revokeInvite")}
                  </Button>
                )}
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>

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
        pending={revoke.isPending}
        error={revoke.isError ? errorText(revoke.error.message) : undefined}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onCancel={() => {
          revoke.reset();
          setRevoking(null);
        }}
      />
    </Section>
  );
}
