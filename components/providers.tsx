"use client";
// The react-query client for the pages that read through it. Not in the root layout: each segment
// that needs it wraps its pages in <Providers> (its layout.tsx), so the pages that do not (sign-in's
// neighbours aside: dashboard, orders) ship without the query library. In the browser the client is
// one for the whole visit, so the cache survives navigation between segments as it did when the
// provider sat at the root; on the server each render gets its own.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { registerQueryCache } from "@/components/data/query-cache-ref";

const makeClient = () =>
  new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, refetchOnWindowFocus: true, retry: 1 } } });

let browserClient: QueryClient | undefined;

function queryClient() {
  if (typeof window === "undefined") return makeClient();
  if (!browserClient) {
    const client = makeClient();
    registerQueryCache(() => client.invalidateQueries());
    browserClient = client;
  }
  return browserClient;
}

// zod's locale is set by the forms that parse in the browser (components/forms/use-zod-locale.ts).
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(queryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
