import type { ReactNode } from "react";
import { Brand } from "@/components/brand";
import { LocaleSwitch } from "@/components/shell/locale-switch";

/** The centred card that hosts sign-in, sign-up and invite pages. */
export function AuthFrame({
  title,
  subtitle,
  children,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex items-center justify-between px-4 py-4 sm:px-8">
        <Brand />
        <LocaleSwitch />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-6 pb-16 sm:pt-16">
        <div className="w-full max-w-sm">
          <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
          {subtitle && <p className="mt-1 text-sm text-zinc-600">{subtitle}</p>}
          <div className="mt-6 rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">{children}</div>
        </div>
      </main>
    </div>
  );
}
