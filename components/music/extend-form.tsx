"use client";
// Extend music: the audio (file or link), where to continue it on its waveform, the model and the
// mode's fields with per-model counters, the price against the balance, submit → the task page.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { ApiError, sendJson } from "@/components/data/api";
import { musicQuoteQuery, peaksQuery, queryKeys } from "@/components/data/queries";
import { useErrorText } from "@/components/forms/use-error-text";
import { useFocusFirstInvalid } from "@/components/forms/use-focus-invalid";
import { SourcePicker } from "@/components/orders/source-picker";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { Field, TextField } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { CountedField, WeightSlider } from "./fields";
import { QuoteBox } from "./quote-box";
import { MODEL_LIMITS } from "@/lib/contracts/music";
import { checkExtend, FORM_MODELS, type ExtendBody, type FormModel } from "./rules";
import { useMusicSource } from "./use-source";
import { formatSeconds, WaveformPicker } from "./waveform-picker";

type Errors = Record<string, string>;
type Weights = { styleWeight?: number; weirdnessConstraint?: number; audioWeight?: number };

export function ExtendForm() {
  const t = useTranslations("music");
  const errorText = useErrorText();
  const router = useRouter();
  const queryClient = useQueryClient();
  const src = useMusicSource();
  const waveLabel = useId();
  const waveHint = useId();

  const [model, setModel] = useState<FormModel>("V4_5");
  const [custom, setCustom] = useState(true);
  const [instrumental, setInstrumental] = useState(false);
  const [text, setText] = useState({ prompt: "", style: "", title: "", negativeTags: "", callBackUrl: "" });
  const [vocalGender, setVocalGender] = useState<"" | "m" | "f">("");
  const [weights, setWeights] = useState<Weights>({});
  const [continueAt, setContinueAt] = useState<number | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const formRef = useFocusFirstInvalid(errors);

  const peaks = useQuery({ ...peaksQuery(src.source?.id ?? ""), enabled: !!src.source });
  const quote = useQuery(musicQuoteQuery(model));
  const limits = MODEL_LIMITS[model];
  const durationSec = peaks.data?.durationSec ?? null;

  const create = useMutation({
    mutationFn: (body: unknown) => sendJson<{ taskId: string }>("POST", "/api/music/tasks", body),
    onSuccess: async ({ taskId }) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.music() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.me() }),
      ]);
      router.push(`/music/${encodeURIComponent(taskId)}`);
    },
    onError: (error) => error instanceof ApiError && Object.keys(error.fields).length > 0 && setErrors(error.fields),
  });

  const edit = (key: keyof typeof text) => (value: string) => {
    setText((v) => ({ ...v, [key]: value }));
    setErrors(({ [key]: _, ...rest }) => rest);
  };

  /** The server's checks, run here first; their English is replaced by the user's language. */
  function message(field: string, raw: string, tooLong: boolean) {
    if (field === "uploadUrl") return src.source ? raw : t("errors.source");
    if (field === "continueAt") return t("errors.continueAtRange");
    if (field === "prompt" || field === "style" || field === "title")
      return tooLong ? t("errors.tooLong", { limit: limits[field], model }) : t("errors.required");
    return raw;
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (src.busy) return setErrors({ uploadUrl: t("errors.waitForSource") });
    const given = (v: string) => (v.trim() === "" ? undefined : v);
    const body: ExtendBody = {
      uploadUrl: src.source?.uploadUrl ?? "",
      model,
      defaultParamFlag: custom,
      instrumental,
      prompt: given(text.prompt),
      // Default mode takes style and title from the audio; hidden fields are not sent.
      style: custom ? given(text.style) : undefined,
      title: custom ? given(text.title) : undefined,
      continueAt: continueAt ?? undefined,
      negativeTags: given(text.negativeTags),
      vocalGender: vocalGender || undefined,
      ...weights,
      callBackUrl: given(text.callBackUrl.trim()),
    };
    const problems = checkExtend(body, durationSec);
    if (problems.length)
      return setErrors(Object.fromEntries(problems.map((p) => [p.field, message(p.field, p.message, p.tooLong)])));
    setErrors({});
    create.mutate(body);
  }

  const showDetail = create.isError && !(create.error instanceof ApiError && Object.keys(create.error.fields).length);

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} aria-label={t("formLabel")}>
      <Card className="space-y-8">
        <div className="space-y-3">
          <SourcePicker
            mode={src.mode}
            onMode={(m) => {
              src.setMode(m);
              setContinueAt(null);
              setErrors({});
            }}
            url={src.url}
            onUrl={src.setUrl}
            upload={src.upload.state}
            onFile={(file) => {
              setErrors({});
              setContinueAt(null);
              src.upload.start(file);
            }}
            onRemove={() => {
              src.upload.reset();
              setContinueAt(null);
            }}
            error={errors.uploadUrl}
          />
          {src.mode === "url" && (
            <div className="flex flex-wrap items-center gap-3">
              <Button
                variant="secondary"
                size="sm"
                pending={src.fromUrl.isPending}
                disabled={!src.url.trim()}
                onClick={() => src.fromUrl.mutate(src.url.trim())}
              >
                {t("fetchLink")}
              </Button>
              {src.fromUrl.data && (
                <p className="text-sm text-emerald-700" role="status" data-testid="fetched-link">
                  ✓ {t("fetched", { name: src.fromUrl.data.name })}
                </p>
              )}
              {src.fromUrl.error && (
                <p className="text-sm text-red-700" role="alert">
                  {errorText(src.fromUrl.error)}
                </p>
              )}
            </div>
          )}
        </div>

        {src.source && (
          <div className="space-y-2">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h3 id={waveLabel} className="text-sm font-medium text-zinc-800">
                {t("continueAt")}
              </h3>
              <p className="text-sm text-zinc-700 tabular-nums" data-testid="continue-at" aria-live="polite">
                {continueAt === null
                  ? t("notChosen")
                  : t("continueAtValue", { time: formatSeconds(continueAt), total: formatSeconds(durationSec ?? 0) })}
              </p>
            </div>
            {peaks.isPending && (
              <div
                role="status"
                className="h-24 animate-pulse rounded-md bg-zinc-100"
                aria-label={t("loadingWaveform")}
              />
            )}
            {peaks.isError && <Alert>{errorText(peaks.error)}</Alert>}
            {peaks.data && (
              <WaveformPicker
                peaks={peaks.data.peaks}
                durationSec={peaks.data.durationSec}
                value={continueAt}
                onChange={(s) => {
                  setContinueAt(s);
                  setErrors(({ continueAt: _, ...rest }) => rest);
                }}
                invalid={!!errors.continueAt}
                labelledBy={waveLabel}
                describedBy={waveHint}
              />
            )}
            <p id={waveHint} className={cx("text-xs", errors.continueAt ? "text-sm text-red-700" : "text-zinc-500")}>
              {errors.continueAt ? errorText(errors.continueAt) : t("continueAtHint")}
            </p>
          </div>
        )}

        <div className="grid gap-6 sm:grid-cols-2">
          <Field label={t("model")} hint={t("modelHint")} error={errorText(errors.model)}>
            {(control) => (
              <Select {...control} name="model" value={model} onChange={(e) => setModel(e.target.value as FormModel)}>
                {FORM_MODELS.map((m) => (
                  <option key={m} value={m}>
                    {t(`models.${m}`)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <fieldset>
            <legend className="text-sm font-medium text-zinc-800">{t("mode")}</legend>
            <div className="mt-1.5 space-y-1.5">
              {([true, false] as const).map((value) => (
                <label key={String(value)} className="flex cursor-pointer items-start gap-2 text-sm">
                  <input
                    type="radio"
                    name="defaultParamFlag"
                    checked={custom === value}
                    onChange={() => setCustom(value)}
                    className="mt-0.5 accent-accent-600"
                  />
                  <span>
                    <span className="block font-medium text-zinc-900">
                      {value ? t("customMode") : t("defaultMode")}
                    </span>
                    <span className="block text-xs text-zinc-600">
                      {value ? t("customModeHint") : t("defaultModeHint")}
                    </span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        </div>

        <label className="flex items-center gap-2 text-sm font-medium text-zinc-800">
          <input
            type="checkbox"
            name="instrumental"
            checked={instrumental}
            onChange={(e) => setInstrumental(e.target.checked)}
            className="size-4 accent-accent-600"
          />
          {t("instrumental")}
        </label>

        <div className="space-y-5">
          {custom && (
            <div className="grid gap-5 sm:grid-cols-2">
              <CountedField
                name="title"
                label={t("title")}
                value={text.title}
                onChange={edit("title")}
                limit={limits.title}
                required
                error={errorText(errors.title)}
              />
              <CountedField
                name="style"
                label={t("style")}
                value={text.style}
                onChange={edit("style")}
                limit={limits.style}
                required
                error={errorText(errors.style)}
                placeholder={t("stylePlaceholder")}
              />
            </div>
          )}
          <CountedField
            name="prompt"
            label={custom && !instrumental ? t("lyrics") : t("prompt")}
            value={text.prompt}
            onChange={edit("prompt")}
            limit={limits.prompt}
            required={!custom || !instrumental}
            multiline
            error={errorText(errors.prompt)}
            hint={custom && !instrumental ? t("lyricsHint") : t("promptHint")}
          />
        </div>

        <details className="group rounded-lg border border-zinc-200 px-4 py-3 open:pb-5">
          <summary className="cursor-pointer text-sm font-medium text-zinc-800">{t("advanced")}</summary>
          <div className="mt-4 space-y-5">
            <div className="grid gap-5 sm:grid-cols-2">
              <CountedField
                name="negativeTags"
                label={t("negativeTags")}
                value={text.negativeTags}
                onChange={edit("negativeTags")}
                limit={limits.style}
                error={errorText(errors.negativeTags)}
              />
              <Field label={t("vocalGender")} error={errorText(errors.vocalGender)}>
                {(control) => (
                  <Select
                    {...control}
                    name="vocalGender"
                    value={vocalGender}
                    onChange={(e) => setVocalGender(e.target.value as "" | "m" | "f")}
                  >
                    <option value="">{t("vocalAny")}</option>
                    <option value="m">{t("vocalMale")}</option>
                    <option value="f">{t("vocalFemale")}</option>
                  </Select>
                )}
              </Field>
            </div>
            <TextField
              label={t("callBackUrl")}
              name="callBackUrl"
              type="url"
              inputMode="url"
              placeholder="https://example.com/hooks/music"
              value={text.callBackUrl}
              onChange={(e) => edit("callBackUrl")(e.target.value)}
              hint={t("callBackUrlHint")}
              error={errorText(errors.callBackUrl)}
            />
            <div className="grid gap-5 sm:grid-cols-3">
              {(["styleWeight", "weirdnessConstraint", "audioWeight"] as const).map((key) => (
                <WeightSlider
                  key={key}
                  name={key}
                  label={t(`weights.${key}`)}
                  hint={t(`weights.${key}Hint`)}
                  value={weights[key]}
                  onChange={(v) => setWeights((w) => ({ ...w, [key]: v }))}
                />
              ))}
            </div>
          </div>
        </details>

        <div className="space-y-4 border-t border-zinc-100 pt-5">
          <QuoteBox quote={quote.data} error={quote.error?.message} model={model} durationSec={durationSec} />
          {showDetail && <Alert>{errorText(create.error)}</Alert>}
          <div className="flex justify-end">
            <Button type="submit" pending={create.isPending || create.isSuccess} disabled={src.busy}>
              {t("submit")}
            </Button>
          </div>
        </div>
      </Card>
    </form>
  );
}
