// Page guards. Layouts do not re-run on client navigation; a layout guard is enough only where
// the pages below it are shells whose data comes from API routes that check for themselves.
import { notFound, redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";

export async function requireUser() {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  return user;
}

/** Non-admins get a 404: the admin area does not advertise itself (app/(app)/admin/layout.tsx). */
export async function requireAdmin() {
  const user = await requireUser();
  if (user.role !== "admin") notFound();
  return user;
}
