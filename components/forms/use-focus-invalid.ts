"use client";
import { useEffect, useRef } from "react";

/** After a failed submit, moves focus to the first field marked invalid so its error is read out. */
export function useFocusFirstInvalid(errors: Record<string, string>) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
  return form;
}
