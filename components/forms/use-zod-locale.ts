"use client";
// zod's own messages in the page's language, for components that parse with zod while rendering
// (the admin settings forms); useSchemaForm sets it on submit instead (zod-locale.ts).
import { useLocale } from "next-intl";
import { setZodLocale } from "./zod-locale";

export function useZodLocale() {
  // Idempotent, so setting it while rendering is safe; it must be in place before the first parse.
  setZodLocale(useLocale());
}
