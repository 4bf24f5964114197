import "server-only";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { sessionHolderFromCookies } from "./guard";
import type { StaffIdentity } from "./staff";

/**
 * For admin pages: the signed-in admin or staff member; anonymous visitors are sent to the
 * sign-in page, and a signed-in student to the sign-in page with an explanation.
 */
export const requireStaffPage = cache(async (): Promise<StaffIdentity> => {
  const store = await cookies();
  const holder = await sessionHolderFromCookies((name) => store.get(name)?.value);
  if (!holder) redirect("/admin/login");
  if (holder.role === "STUDENT") redirect("/admin/login?error=forbidden");
  return holder;
});

/** For pages only admins may see: to anyone else they do not exist. */
export async function requireAdminPage(): Promise<StaffIdentity> {
  const staff = await requireStaffPage();
  if (staff.role !== "ADMIN") notFound();
  return staff;
}
