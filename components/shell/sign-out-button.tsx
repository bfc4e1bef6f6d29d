"use client";
import { buttonClass } from "@/components/ui/button";

// next-auth's client (with its logger, broadcast and polyfills) loads only when someone signs out.
const signOutToSignIn = async () => (await import("next-auth/react")).signOut({ callbackUrl: "/signin" });

export function SignOutButton({ label }: { label: string }) {
  return (
    <button type="button" className={buttonClass("secondary", "sm", "w-full")} onClick={signOutToSignIn}>
      {label}
    </button>
  );
}
