"use client";
// A JSON read that refreshes on an interval and when the tab is shown again, keeping the last data
// while a new URL loads: what the dashboard and the orders list need from react-query, in a few
// lines, so those pages load without the query library (scripts/check-bundle.mjs).
import { useEffect, useState } from "react";
import { getJson } from "./api";

export type PolledJson<T> = { data: T | undefined; error: Error | null; isError: boolean; isPending: boolean };

/** A failed read is tried once more after this long, like react-query's default single retry. */
const RETRY_MS = 1000;

/** `url` null reads nothing (yet). */
export function usePolledJson<T>(url: string | null, intervalMs = 0): PolledJson<T> {
  const [state, setState] = useState<{ data?: T; error: Error | null }>({ error: null });

  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    let inFlight = false;
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    async function load() {
      if (inFlight) return;
      inFlight = true;
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            const data = await getJson<T>(url as string, controller.signal);
            if (!controller.signal.aborted) setState({ data, error: null });
            return;
          } catch (error) {
            if (controller.signal.aborted) return;
            if (attempt >= 1) {
              setState((s) => ({ data: s.data, error: error as Error }));
              return;
            }
            await wait(RETRY_MS);
          }
        }
      } finally {
        inFlight = false;
      }
    }

    void load();
    const timer = intervalMs ? setInterval(load, intervalMs) : undefined;
    const onShow = () => document.visibilityState === "visible" && void load();
    document.addEventListener("visibilitychange", onShow);
    return () => {
      controller.abort();
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onShow);
    };
  }, [url, intervalMs]);

  return {
    data: state.data,
    error: state.error,
    isError: state.error !== null,
    isPending: url !== null && state.data === undefined && state.error === null,
  };
}
