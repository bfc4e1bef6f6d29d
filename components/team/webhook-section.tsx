"use client";
// The team's webhook: where order events are POSTed and which ones, a test event, the delivery
// log, and the signing secret (rotated here, shown once).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useState, type FormEvent } from "react";
import { ApiError, sendJson } from "@/components/data/api";
import { queryKeys, teamQuery, webhookQuery } from "@/components/data/queries";
import { useErrorText } from "@/components/forms/use-error-text";
import { useFocusFirstInvalid } from "@/components/forms/use-focus-invalid";
import { DeliveriesTable } from "@/components/music/deliveries-table";
import type { TeamWebhook } from "@/components/music/rules";
import { WEBHOOK_EVENTS, webhookUrlSchema, type WebhookEvent } from "@/lib/contracts/music";
import { SecretDialog } from "@/components/secret-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, Section } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { TextField } from "@/components/ui/field";

/** Tests poll the log until the test delivery shows its outcome. */
const LOG_POLL_MS = 3000;

export function WebhookSection() {
  const t = useTranslations("webhook");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const webhook = useQuery({ ...webhookQuery(), refetchInterval: LOG_POLL_MS });
  // Members see the webhook and its log; only the owner may change it (the server enforces it too).
  const readOnly = useQuery(teamQuery()).data?.role === "member";
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEvent[]>([...WEBHOOK_EVENTS]);
  const [loaded, setLoaded] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<string | null>(null);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const formRef = useFocusFirstInvalid(errors);

  // Fill the form once from the server; later polls only refresh the log and the hint.
  useEffect(() => {
    if (loaded || !webhook.data) return;
    setUrl(webhook.data.url ?? "");
    // A webhook never set up subscribes to nothing yet; offer both events as the starting point.
    const fresh = !webhook.data.url && webhook.data.events.length === 0;
    setEvents(fresh ? [...WEBHOOK_EVENTS] : webhook.data.events);
    setLoaded(true);
  }, [loaded, webhook.data]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.webhook() });
  const save = useMutation({
    mutationFn: (body: { url: string | null; events: WebhookEvent[] }) =>
      sendJson<TeamWebhook>("PUT", "/api/team/webhook", body),
    onSuccess: refresh,
    onError: (err) => err instanceof ApiError && setErrors(err.fields),
  });
  const test = useMutation({ mutationFn: () => sendJson("POST", "/api/team/webhook/test"), onSuccess: refresh });
  const rotate = useMutation({
    mutationFn: () => sendJson<{ secret: string }>("POST", "/api/team/webhook/secret"),
    onSuccess: (res) => {
      setConfirmRotate(false);
      setSecret(res.secret);
      void refresh();
      void queryClient.invalidateQueries({ queryKey: queryKeys.webhookSecret() });
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const trimmed = url.trim();
    if (trimmed && !webhookUrlSchema.safeParse(trimmed).success) return setErrors({ url: t("urlInvalid") });
    if (trimmed && events.length === 0) return setErrors({ events: t("eventsRequired") });
    setErrors({});
    save.mutate({ url: trimmed || null, events });
  }

  const toggle = (event: WebhookEvent, on: boolean) => {
    setEvents((list) => (on ? [...list, event] : list.filter((e) => e !== event)));
    save.reset();
  };
  const fieldsError = (err: Error | null) => err instanceof ApiError && Object.keys(err.fields).length > 0;
  const hint = webhook.data?.secretHint;

  return (
    // Its own top margin keeps the Team page's include a single line.
    <div className="mt-10">
      <Section title={t("title")} description={t("description")} id="webhook">
        <Card>
          <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-5" aria-label={t("title")}>
            {readOnly && <Alert tone="info">{t("ownerOnly")}</Alert>}
            {/* Disabled until the saved settings arrive, so nothing typed before then is overwritten. */}
            <fieldset disabled={readOnly || !loaded} className="space-y-5">
              <TextField
                label={t("url")}
                name="webhookUrl"
                type="url"
                inputMode="url"
                placeholder="https://example.com/hooks/mixdesk"
                value={url}
                onChange={(e) => {
                  setUrl(e.target.value);
                  save.reset();
                }}
                hint={t("urlHint")}
                error={errorText(errors.url)}
              />
              <fieldset aria-invalid={errors.events ? true : undefined}>
                <legend className="text-sm font-medium text-zinc-800">{t("events")}</legend>
                <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
                  {WEBHOOK_EVENTS.map((event) => (
                    <label key={event} className="flex items-center gap-2 text-sm">
                      <input
                        type="checkbox"
                        checked={events.includes(event)}
                        onChange={(e) => toggle(event, e.target.checked)}
                        className="size-4 accent-accent-600"
                      />
                      <span className="font-mono text-xs">{event}</span>
                      <span className="text-zinc-600">
                        {t(`eventNames.${event === "order.finished" ? "finished" : "failed"}`)}
                      </span>
                    </label>
                  ))}
                </div>
                {errors.events && <p className="mt-1.5 text-sm text-red-700">{errorText(errors.events)}</p>}
              </fieldset>
            </fieldset>

            <div className="flex flex-wrap items-center gap-3 border-t border-zinc-100 pt-4">
              <Button type="submit" pending={save.isPending} disabled={readOnly}>
                {t("save")}
              </Button>
              <Button
                variant="secondary"
                pending={test.isPending}
                disabled={readOnly || !webhook.data?.url}
                onClick={() => test.mutate()}
              >
                {t("sendTest")}
              </Button>
              <span className="mx-1 h-6 w-px bg-zinc-200" aria-hidden />
              <span className="text-sm text-zinc-600" data-testid="webhook-secret-hint">
                {t("secret")}: <code className="font-mono">{hint ?? t("noSecret")}</code>
              </span>
              <Button variant="ghost" size="sm" disabled={readOnly} onClick={() => setConfirmRotate(true)}>
                {hint ? t("rotate") : t("createSecret")}
              </Button>
            </div>
            {save.isSuccess && <Alert tone="success">{t("saved")}</Alert>}
            {test.isSuccess && <Alert tone="info">{t("testSent")}</Alert>}
            {save.isError && !fieldsError(save.error) && <Alert>{errorText(save.error)}</Alert>}
            {test.isError && <Alert>{errorText(test.error)}</Alert>}
            {webhook.isError && <Alert>{errorText(webhook.error)}</Alert>}
          </form>
        </Card>

        <h3 className="pt-2 text-sm font-semibold text-zinc-900">{t("log")}</h3>
        <DeliveriesTable deliveries={webhook.data?.deliveries ?? []} empty={t("noDeliveries")} />

        <ConfirmDialog
          open={confirmRotate}
          title={t("rotateTitle")}
          description={t("rotateDescription")}
          confirmLabel={hint ? t("rotate") : t("createSecret")}
          cancelLabel={tc("cancel")}
          tone="primary"
          pending={rotate.isPending}
          error={rotate.isError ? errorText(rotate.error) : undefined}
          onConfirm={() => rotate.mutate()}
          onCancel={() => setConfirmRotate(false)}
        />
        <SecretDialog
          open={secret !== null}
          title={t("secretTitle")}
          label={t("secret")}
          secret={secret ?? ""}
          warning={t("secretWarning")}
          onClose={() => setSecret(null)}
        />
      </Section>
    </div>
  );
}
