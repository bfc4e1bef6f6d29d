// Page-level guards. Layouts do not re-run on client navigation, so each page checks for itself.
import { notFound, redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";

export async function requireUser() {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  return user;
}

/** Non-admins get a 404: the admin area does not advertise itself. */
export async function requireAdmin() {
  const user = await requireUser();
  if (user.role !== "admin") notFound();
  return user;
}
