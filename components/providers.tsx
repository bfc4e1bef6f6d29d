"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { z } from "zod";

export function Providers({ locale, children }: { locale: string; children: ReactNode }) {
  // Idempotent, so setting it while rendering is safe; it must be in place before the first parse.
  z.config(locale === "zh-CN" ? z.locales.zhCN() : z.locales.en());
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 5_000, refetchOnWindowFocus: true, retry: 1 } },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
