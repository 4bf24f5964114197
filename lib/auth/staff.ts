import { forbidden } from "@/lib/http/errors";

/** A signed-in admin (every course) or staff member (the courses they are assigned). */
export type StaffIdentity = {
  role: "ADMIN" | "STAFF";
  userId: string;
  email: string;
  name: string | null;
  courseIds: readonly string[];
};

/** Global entries (no course) are admins' alone. */
export function canAccessCourse(staff: StaffIdentity, courseId: string | null): boolean {
  return staff.role === "ADMIN" || (courseId !== null && staff.courseIds.includes(courseId));
}

export function assertCourseAccess(staff: StaffIdentity, courseId: string | null): void {
  if (!canAccessCourse(staff, courseId)) throw forbidden("This course is not one of yours.");
}

export function assertAdmin(staff: StaffIdentity): void {
  if (staff.role !== "ADMIN") throw forbidden("Only administrators can do this.");
}

/** A Prisma filter for the courses a staff member may see. */
export function courseScope(staff: StaffIdentity): { id?: { in: string[] } } {
  return staff.role === "ADMIN" ? {} : { id: { in: [...staff.courseIds] } };
}
