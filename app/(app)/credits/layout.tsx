import type { ReactNode } from "react";
import { Providers } from "@/components/providers";

// This segment reads through react-query; the dashboard and orders list do not (components/providers.tsx).
export default function QueryLayout({ children }: { children: ReactNode }) {
  return <Providers>{children}</Providers>;
}
