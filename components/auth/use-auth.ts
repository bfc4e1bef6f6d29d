"use client";
// Signing in goes through next-auth's credentials flow; signing up creates the account and then
// signs in the same way. Both throw what the form should show. useAction, not react-query: the
// sign-in page loads without the query library.
import type { z } from "zod";
import type { signInSchema, SignUpInput } from "@/lib/contracts/account";
import { ApiError, sendJson } from "@/components/data/api";
import { useAction } from "@/components/forms/use-action";

type Credentials = z.output<typeof signInSchema>;

/** Resolves true when signed in; throws next-auth's error code (or `failed`) otherwise. */
async function credentialsSignIn({ email, password }: Credentials, failed: string) {
  // next-auth's client is loaded when it is needed, not with the page.
  const { signIn } = await import("next-auth/react");
  const res = await signIn("credentials", { email, password, redirect: false }).catch(() => {
    throw new Error(failed);
  });
  if (!res || res.error || !res.ok) throw new Error(res?.error || failed);
}

export function useSignIn(failed: string) {
  return useAction((input: Credentials) => credentialsSignIn(input, failed));
}

/** Resolves whether the new account is also signed in (if not, the person signs in by hand). */
export function useSignUp(failed: string) {
  return useAction(async (input: SignUpInput) => {
    await sendJson("POST", "/api/signup", input).catch((error: unknown) => {
      throw error instanceof ApiError ? error : new Error(failed);
    });
    return credentialsSignIn(input, failed).then(
      () => true,
      () => false,
    );
  });
}
