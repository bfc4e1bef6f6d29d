"use client";
// Every form's submit path: parse with the zod schema the server uses, show each problem next to
// its field (focusing the first), send through the feature's mutation hook, and place the
// server's field errors the same way; anything that belongs to no field goes to the form's alert.
import { useLocale } from "next-intl";
import { useState, type FormEvent } from "react";
import type { z } from "zod";
import { ApiError } from "@/components/data/api";
import { useFocusFirstInvalid } from "./use-focus-invalid";
import { hasOwnCode } from "./use-error-text";

export type FieldErrors = Record<string, string>;

/** What the form needs of a mutation: a react-query one or components/forms/use-action.ts. */
export type FormMutation<V, R> = {
  mutate: (
    variables: V,
    callbacks: { onSuccess?: (result: R) => unknown; onError?: (error: Error) => unknown },
  ) => void;
  reset: () => void;
  isPending: boolean;
};

type Options<S extends z.ZodType, R> = {
  /** The schema, or a loader of it (`() => import(...).then(m => m.x)`): a loaded schema keeps zod
   * out of the page's first load, fetched on the first submit. */
  schema: S | (() => Promise<S>);
  /** The schema's input from the submitted form; its named fields by default. */
  values?: (data: FormData) => unknown;
  /** Rules the schema cannot state (they win over the schema's message for the same field). */
  check?: (data: FormData) => FieldErrors | undefined;
  mutation: FormMutation<z.output<S>, R>;
  onSuccess?: (result: R, form: HTMLFormElement) => void;
  /** The form's field for a schema path or a server `fields` key (`stuff.pathKey`); null sends
   * the message to the form's alert. The first path segment by default. */
  field?: (path: string) => string | null;
};

const firstSegment = (path: string) => path.split(".")[0];

export function useSchemaForm<S extends z.ZodType, R>({
  schema,
  values,
  check,
  mutation,
  onSuccess,
  field = firstSegment,
}: Options<S, R>) {
  const locale = useLocale();
  const [errors, setErrors] = useState<FieldErrors>({});
  // A string from the schema, or the server's error itself (useErrorText translates it by its code).
  const [formError, setFormError] = useState<string | Error>();
  const formRef = useFocusFirstInvalid(errors);

  /** Sorts messages keyed by path into field errors and (the first of the rest) the form's error. */
  function place(messages: [string, string][]) {
    const fields: FieldErrors = {};
    let rest: string | undefined;
    for (const [path, message] of messages) {
      const name = field(path);
      if (name === null) rest ??= message;
      else fields[name] ??= message;
    }
    return { fields, rest };
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    void submit(form, data);
  }

  async function submit(form: HTMLFormElement, data: FormData) {
    const [resolved] = await Promise.all([
      typeof schema === "function" ? schema() : schema,
      import("./zod-locale").then((m) => m.setZodLocale(locale)),
    ]);
    const ruled = check?.(data) ?? {};
    const parsed = resolved.safeParse(values ? values(data) : Object.fromEntries(data));
    const issues = parsed.success
      ? []
      : parsed.error.issues.map((i): [string, string] => [i.path.map(String).join("."), i.message]);
    const { fields, rest } = place(issues);
    const next = { ...fields, ...ruled };
    setFormError(rest);
    setErrors(next);
    if (!parsed.success || Object.keys(next).length) return;
    mutation.mutate(parsed.data, {
      onSuccess: (result) => onSuccess?.(result, form),
      onError: (error) => {
        const server = place(error instanceof ApiError ? Object.entries(error.fields) : []);
        setErrors(server.fields);
        // With no field to point at, the error itself is what the person needs (translated by its code).
        const rest = hasOwnCode(error) ? error : server.rest;
        setFormError(server.rest !== undefined ? rest : Object.keys(server.fields).length ? undefined : error);
      },
    });
  }

  function reset() {
    setErrors({});
    setFormError(undefined);
    mutation.reset();
  }

  return { formRef, onSubmit, errors, formError, pending: mutation.isPending, reset };
}
