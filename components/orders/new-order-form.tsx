"use client";
// New order: the type, the audio (a file uploaded now, one from the library, or a link), the work's
// name, the price against the balance, submit. Validation runs without zod (the source rule is a
// few lines in lib/contracts/order-types.ts), so this page does not ship the validation library;
// the server parses the same body with zod. A field's error is re-checked on every change and
// disappears as soon as the value is valid. Reads and the submit go through usePolledJson and
// useAction, not react-query, so the page's first load has no query library (the library picker brings
// it when opened).
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { ApiError, sendJson } from "@/components/data/api";
import { invalidateQueryCache } from "@/components/data/query-cache-ref";
import type { CreatedOrder, Me, Price } from "@/components/data/types";
import { usePolledJson } from "@/components/data/use-polled-json";
import { useAction } from "@/components/forms/use-action";
import { useErrorText } from "@/components/forms/use-error-text";
import { useFocusFirstInvalid } from "@/components/forms/use-focus-invalid";
import type { LibraryItem } from "@/components/library/use-library";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { TextField } from "@/components/ui/field";
import { ORDER_TYPES, type OrderType, sourceProblem } from "@/lib/contracts/order-types";
import { titleFromSource } from "@/lib/orders/download-name";
import { knownPlatform } from "@/lib/short-video/known-hosts";
import { newIdempotencyKey } from "./estimate";
import { PriceEstimate } from "./price-estimate";
import { SourcePicker, type SourceMode } from "./source-picker";
import { useUpload } from "./use-upload";

type Errors = { orderType?: string; source?: string; title?: string };
type Body = { orderType: OrderType; stuff: { pathKey: string }; title?: string };

const TITLE_MAX = 120;

export function NewOrderForm({ initialRef }: { initialRef?: string | null }) {
  const t = useTranslations("newOrder");
  const tf = useTranslations("files.order");
  const tTypes = useTranslations("orders.types");
  const errorText = useErrorText();
  const router = useRouter();
  const prices = usePolledJson<{ prices: Price[] }>("/api/prices");
  const me = usePolledJson<Me>("/api/me");
  const upload = useUpload();

  const [orderType, setOrderType] = useState<OrderType>("track-separation");
  const [mode, setMode] = useState<SourceMode>(initialRef ? "library" : "upload");
  const [url, setUrl] = useState("");
  const [picked, setPicked] = useState<LibraryItem | null>(null);
  const initial = usePolledJson<LibraryItem>(
    initialRef && !picked ? `/api/library/item?ref=${encodeURIComponent(initialRef)}` : null,
  );
  const libraryItem = picked ?? initial.data ?? null;
  const [title, setTitle] = useState("");
  const [titleEdited, setTitleEdited] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string>();
  const formRef = useFocusFirstInvalid(errors as Record<string, string>);

  const pathKey =
    mode === "url"
      ? url.trim()
      : mode === "library"
        ? (libraryItem?.ref ?? "")
        : upload.state.status === "done"
          ? upload.state.upload.pathKey
          : "";

  // The name follows the chosen source until the person types one.
  const suggested =
    mode === "url"
      ? titleFromSource(url.trim())
      : mode === "library"
        ? libraryItem && titleFromSource("", libraryItem.name)
        : upload.state.status !== "idle"
          ? titleFromSource("", upload.state.file.name)
          : null;
  useEffect(() => {
    if (!titleEdited) setTitle(suggested ?? "");
  }, [suggested, titleEdited]);

  // One key per distinct request: a double submit (or a retry after an error) makes one order.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the dependencies are the request identity, not inputs of the factory
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [orderType, pathKey, title]);
  const create = useAction(async (body: Body) => {
    const order = await sendJson<CreatedOrder>("POST", "/api/orders", body, { "idempotency-key": idempotencyKey });
    // Lists, balances and anything else cached are stale now.
    await invalidateQueryCache();
    return order;
  });

  function validate(): Errors {
    const next: Errors = {};
    if (mode === "upload" && upload.state.status === "uploading") next.source = t("waitForUpload");
    else {
      const problem = sourceProblem(pathKey);
      if (problem) next.source = tf(mode === "url" ? problem : "chooseSource");
    }
    if (title.trim().length > TITLE_MAX) next.title = tf("titleTooLong", { max: TITLE_MAX });
    return next;
  }

  // Bug 1: an error shown for a field goes away as soon as its value is valid (and changes with it).
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-check when any input changes
  useEffect(() => {
    setErrors((shown) => {
      if (!shown.source && !shown.title) return shown;
      const now = validate();
      const kept: Errors = {};
      if (shown.source && now.source) kept.source = now.source;
      if (shown.title && now.title) kept.title = now.title;
      return kept.source === shown.source && kept.title === shown.title && !shown.orderType ? shown : kept;
    });
  }, [pathKey, title, mode, upload.state.status]);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const next = validate();
    setErrors(next);
    setFormError(undefined);
    if (Object.keys(next).length) return;
    const clean = title.trim();
    create.mutate(
      { orderType, stuff: { pathKey }, ...(clean ? { title: clean } : {}) },
      {
        onSuccess: (order) => router.push(`/orders/${encodeURIComponent(order.orderNo)}`),
        onError: (error) => {
          const fields = error instanceof ApiError ? error.fields : {};
          const server: Errors = {};
          for (const [path, message] of Object.entries(fields)) {
            if (path.startsWith("orderType")) server.orderType ??= message;
            else if (path.startsWith("title")) server.title ??= message;
            else server.source ??= message;
          }
          setErrors(server);
          if (!Object.keys(server).length) setFormError(error.message);
        },
      },
    );
  }

  function startOver() {
    setErrors({});
    setFormError(undefined);
    create.reset();
  }

  const price = prices.data?.prices.find((p) => p.orderType === orderType);
  const durationSec =
    mode === "upload" && upload.state.status !== "idle"
      ? upload.state.durationSec
      : mode === "library" && libraryItem?.durationUs
        ? libraryItem.durationUs / 1e6
        : null;
  const platform = mode === "url" ? knownPlatform(url) : null;

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={onSubmit}
      className="grid items-start gap-4 lg:grid-cols-3 lg:gap-x-6 lg:gap-y-4"
    >
      <Card className="space-y-8 lg:col-span-2">
        <fieldset>
          <legend className="text-sm font-medium text-zinc-800">{t("type")}</legend>
          <div className="mt-2 grid gap-3 sm:grid-cols-2">
            {ORDER_TYPES.map((type) => (
              <label
                key={type}
                className={cx(
                  "flex cursor-pointer gap-3 rounded-lg border p-3.5 transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-accent-500",
                  orderType === type
                    ? "border-accent-500 bg-accent-50 ring-1 ring-accent-500"
                    : "border-zinc-200 bg-white hover:border-zinc-300",
                )}
              >
                <input
                  type="radio"
                  name="orderType"
                  value={type}
                  checked={orderType === type}
                  onChange={() => setOrderType(type)}
                  aria-invalid={errors.orderType ? true : undefined}
                  className="mt-0.5 accent-accent-600"
                />
                <span className="min-w-0">
                  <span
                    className={cx(
                      "block text-sm font-medium",
                      orderType === type ? "text-accent-700" : "text-zinc-900",
                    )}
                  >
                    {tTypes(`${type}.name`)}
                  </span>
                  <span className="mt-0.5 block text-xs text-zinc-600">{tTypes(`${type}.description`)}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.orderType && <p className="mt-1.5 text-sm text-red-700">{errorText(errors.orderType)}</p>}
        </fieldset>

        <SourcePicker
          mode={mode}
          onMode={(m) => {
            setMode(m);
            startOver();
          }}
          url={url}
          onUrl={setUrl}
          upload={upload.state}
          onFile={(file) => {
            startOver();
            upload.start(file);
          }}
          onRemove={upload.reset}
          libraryRef={libraryItem?.ref ?? null}
          onLibrary={setPicked}
          error={errors.source}
          linkNote={
            platform && (
              <p className="mt-2 rounded-md bg-amber-50 p-2.5 text-sm text-amber-900" data-testid="short-video-hint">
                {tf("shortVideoHint")}{" "}
                <Link href="/short-video" className="font-medium underline">
                  {tf("shortVideoLink")}
                </Link>
              </p>
            )
          }
        />

        <TextField
          label={tf("titleLabel")}
          name="title"
          value={title}
          maxLength={TITLE_MAX + 20}
          onChange={(e) => {
            setTitle(e.target.value);
            setTitleEdited(true);
          }}
          hint={tf("titleHint")}
          error={errors.title}
        />
      </Card>

      {/* On a phone the estimate sits between the form and the button, so it is seen before paying. */}
      <div className="lg:sticky lg:top-10 lg:col-start-3 lg:row-span-2 lg:row-start-1">
        <PriceEstimate price={price} durationSec={durationSec} balance={me.data?.balance} />
      </div>

      <div className="space-y-3 lg:col-span-2">
        {formError && <Alert>{errorText(formError)}</Alert>}
        <div className="flex justify-end">
          <Button
            type="submit"
            pending={create.isPending || create.isSuccess}
            disabled={mode === "upload" && upload.state.status === "uploading"}
          >
            {t("submit")}
          </Button>
        </div>
      </div>
    </form>
  );
}
