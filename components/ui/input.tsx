import type { InputHTMLAttributes, SelectHTMLAttributes } from "react";
import { cx } from "./cx";

const control =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 text-sm text-zinc-900 shadow-sm placeholder:text-zinc-400 focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-100 aria-[invalid=true]:border-red-500 aria-[invalid=true]:focus:ring-red-100 disabled:bg-zinc-100";

export function Input({ className, ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cx(control, "h-10", className)} {...rest} />;
}

export function Select({ className, ...rest }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cx(control, "h-10 pr-8", className)} {...rest} />;
}
