import { notFound } from "next/navigation";
import { cache } from "react";
import { getCourse } from "@/lib/admin/courses";
import { requireStaffPage } from "@/lib/auth/page-guard";
import { HttpError } from "@/lib/http/errors";
import { getContainer } from "@/lib/server/container";

/** The course an admin page is about; for staff, a course that is not theirs does not exist. */
export const courseOr404 = cache(async (courseId: string) => {
  const staff = await requireStaffPage();
  try {
    return await getCourse(getContainer().db, staff, courseId);
  } catch (error) {
    if (error instanceof HttpError && (error.status === 404 || error.status === 403)) notFound();
    throw error;
  }
});
