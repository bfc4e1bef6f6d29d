import type { ReactNode } from "react";
import { Suspense } from "react";
import { requireAdmin } from "@/components/auth/guards";
import { Providers } from "@/components/providers";

// The admin area's one check. A layout is not re-rendered on client navigation between its
// pages, which is safe here: the pages are shells, and every admin API call checks the role again.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  // The admin lists keep their filters in the URL (useSearchParams needs a Suspense boundary).
  return (
    <Providers>
      <Suspense>{children}</Suspense>
    </Providers>
  );
}
