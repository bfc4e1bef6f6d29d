"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { inviteQuery } from "@/components/data/queries";
import { useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { useAcceptInvite } from "./use-invites";

export function InviteCard({ token, signedInAs }: { token: string; signedInAs?: string }) {
  const t = useTranslations("invite");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const invite = useQuery(inviteQuery(token));
  const accept = useAcceptInvite(token);

  if (invite.isPending) return <p className="text-sm text-zinc-500">{t("loading")}</p>;
  if (invite.isError) {
    return (
      <div className="space-y-4">
        <Alert>{errorText(invite.error)}</Alert>
        <p className="text-sm text-zinc-600">{t("askForNew")}</p>
        <Link href="/" className={buttonClass("secondary", "md", "w-full")}>
          {t("home")}
        </Link>
      </div>
    );
  }

  const { team, invitedBy, expiresAt } = invite.data;
  return (
    <div className="space-y-5">
      <div>
        <p className="text-sm text-zinc-600">{t("invitedBy", { name: invitedBy.name })}</p>
        <p className="mt-1 text-xl font-semibold text-zinc-900">{team.name}</p>
        <p className="mt-1 text-xs text-zinc-500">{t("expires", { date: formatDate(expiresAt) })}</p>
      </div>
      {accept.isError && <Alert>{errorText(accept.error)}</Alert>}
      {signedInAs ? (
        <div className="space-y-2">
          <Button className="w-full" pending={accept.isPending} onClick={() => accept.mutate()}>
            {t("join", { team: team.name })}
          </Button>
          <p className="text-center text-xs text-zinc-500">{t("signedInAs", { email: signedInAs })}</p>
        </div>
      ) : (
        <div className="space-y-2">
          <Link href={`/signup?invite=${encodeURIComponent(token)}`} className={buttonClass("primary", "md", "w-full")}>
            {t("createAndJoin")}
          </Link>
          <Link
            href={`/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}
            className={buttonClass("secondary", "md", "w-full")}
          >
            {t("signInToJoin")}
          </Link>
        </div>
      )}
    </div>
  );
}
