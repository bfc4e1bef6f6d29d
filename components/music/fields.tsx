"use client";
// Form controls the extend form needs beyond components/ui: a text field with a live character
// counter against the model's limit, and an optional 0–1 weight slider.
import { useTranslations } from "next-intl";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { Input } from "@/components/ui/input";

type CountedFieldProps = {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  limit: number;
  required?: boolean;
  multiline?: boolean;
  error?: string;
  hint?: string;
  placeholder?: string;
};

export function CountedField({
  name,
  label,
  value,
  onChange,
  limit,
  required,
  multiline,
  error,
  hint,
  placeholder,
}: CountedFieldProps) {
  const t = useTranslations("music");
  const id = useId();
  const over = value.length > limit;
  const counterId = `${id}-count`;
  const messageId = `${id}-message`;
  const control = {
    id,
    name,
    value,
    placeholder,
    required,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
    "aria-invalid": error || over ? true : undefined,
    "aria-describedby": [error || hint ? messageId : null, counterId].filter(Boolean).join(" "),
  };
  return (
    <div className="space-y-1.5">
      <div className="flex items-baseline justify-between gap-3">
        <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
          {label}
          {!required && <span className="ml-1 font-normal text-zinc-500">{t("optional")}</span>}
        </label>
        <span
          data-testid={`${name}-count`}
          className={cx("text-xs tabular-nums", over ? "font-medium text-red-700" : "text-zinc-500")}
          aria-hidden
        >
          {value.length} / {limit}
        </span>
        <span id={counterId} className="sr-only">
          {t("characterCount", { count: value.length, limit })}
        </span>
      </div>
      {multiline ? (
        <textarea
          {...control}
          rows={5}
          className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-sm placeholder:text-zinc-400 focus:border-accent-500 focus:ring-2 focus:ring-accent-100 focus:outline-none aria-[invalid=true]:border-red-500"
        />
      ) : (
        <Input {...control} />
      )}
      {(error || hint) && (
        <p id={messageId} className={error ? "text-sm text-red-700" : "text-xs text-zinc-500"}>
          {error ?? hint}
        </p>
      )}
    </div>
  );
}

type WeightSliderProps = {
  name: string;
  label: string;
  hint: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
};

/** Unset until moved: an untouched weight is not sent and the upstream default applies. */
export function WeightSlider({ name, label, hint, value, onChange }: WeightSliderProps) {
  const t = useTranslations("music");
  const id = useId();
  return (
    <div className="space-y-1.5">
      <div className="flex items-baseline justify-between gap-3">
        <label htmlFor={id} className="text-sm font-medium text-zinc-800">
          {label}
        </label>
        <span className="flex items-center gap-2">
          <output htmlFor={id} data-testid={`${name}-value`} className="text-sm text-zinc-900 tabular-nums">
            {value === undefined ? t("notSet") : value.toFixed(2)}
          </output>
          {value !== undefined && (
            <Button variant="ghost" size="sm" className="h-6 px-2 text-xs" onClick={() => onChange(undefined)}>
              {t("reset")}
              <span className="sr-only"> {label}</span>
            </Button>
          )}
        </span>
      </div>
      <input
        id={id}
        name={name}
        type="range"
        min={0}
        max={1}
        step={0.01}
        value={value ?? 0.5}
        aria-valuetext={value === undefined ? t("notSet") : value.toFixed(2)}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(Math.round(Number(e.target.value) * 100) / 100)}
        className={cx("w-full accent-accent-600", value === undefined && "opacity-50")}
      />
      <p id={`${id}-hint`} className="text-xs text-zinc-500">
        {hint}
      </p>
    </div>
  );
}
