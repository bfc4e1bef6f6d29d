"use client";
// List filters live in the query string so they survive reloads and can be linked to.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState, type FormEvent } from "react";

export function useUrlState() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const set = useCallback(
    (changes: Record<string, string | number | null>) => {
      const next = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === "") next.delete(k);
        else next.set(k, String(v));
      }
      const qs = next.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );
  return [params, set] as const;
}

/** A search box for the list's `q` parameter: the URL follows a moment after typing stops, or at
 * once on Enter; either way the list goes back to its first page. */
export function useSearchBox(current: string, setUrl: ReturnType<typeof useUrlState>[1]) {
  const [text, setText] = useState(current);
  useEffect(() => {
    if (text.trim() === current) return;
    const timer = setTimeout(() => setUrl({ q: text.trim(), page: null }), 300);
    return () => clearTimeout(timer);
  }, [text, current, setUrl]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setUrl({ q: text.trim(), page: null });
  };
  return { text, setText, submit };
}
