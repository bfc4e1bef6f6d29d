"use client";
// A mutation without react-query, for the pages whose first load leaves the query library out (sign-in,
// New order, the shell's team switch): mutate with per-call callbacks, isPending, reset. Reset (or a
// newer call) forgets an answer still on its way, as react-query's reset does.
import { useRef, useState } from "react";

type Callbacks<V, R> = {
  onSuccess?: (result: R, variables: V) => unknown;
  onError?: (error: Error, variables: V) => unknown;
};
type State<V> = { status: "idle" | "pending" | "success" | "error"; variables?: V; error: Error | null };

export function useAction<V, R>(run: (variables: V) => Promise<R>) {
  const [state, setState] = useState<State<V>>({ status: "idle", error: null });
  const attempt = useRef(0);
  const runRef = useRef(run);
  runRef.current = run;

  function mutate(variables: V, callbacks: Callbacks<V, R> = {}) {
    const mine = ++attempt.current;
    setState({ status: "pending", variables, error: null });
    runRef.current(variables).then(
      (result) => {
        if (mine !== attempt.current) return;
        setState({ status: "success", variables, error: null });
        callbacks.onSuccess?.(result, variables);
      },
      (error: unknown) => {
        if (mine !== attempt.current) return;
        const e = error instanceof Error ? error : new Error(String(error));
        setState({ status: "error", variables, error: e });
        callbacks.onError?.(e, variables);
      },
    );
  }

  function reset() {
    attempt.current++;
    setState({ status: "idle", error: null });
  }

  return {
    mutate,
    reset,
    variables: state.variables,
    error: state.error,
    isPending: state.status === "pending",
    isSuccess: state.status === "success",
    isError: state.status === "error",
  };
}
