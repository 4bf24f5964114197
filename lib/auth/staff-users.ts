import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./password";

export const staffUserInput = z.object({
  email: z.email("must be an e-mail address").transform((email) => email.toLowerCase()),
  password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`),
  name: z.string().trim().min(1).optional(),
  role: z.enum(["ADMIN", "STAFF"]).default("ADMIN"),
  /** Course slugs a staff member is limited to; ignored for admins, who see every course. */
  courses: z.array(z.string().min(1)).default([]),
});

/**
 * Creates an admin or staff user, or updates the one with that e-mail (new password, role and
 * courses). Staff course slugs must exist; an unknown one is an error, not silently dropped.
 */
export async function upsertStaffUser(db: PrismaClient, raw: z.input<typeof staffUserInput>) {
  const input = staffUserInput.parse(raw);
  const courses = input.role === "STAFF" ? await db.course.findMany({ where: { slug: { in: input.courses } }, select: { id: true, slug: true } }) : [];
  const unknown = input.role === "STAFF" ? input.courses.filter((slug) => !courses.some((c) => c.slug === slug)) : [];
  if (unknown.length > 0) throw new Error(`Unknown course(s): ${unknown.join(", ")}`);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { email: input.email },
      update: { passwordHash, role: input.role, name: input.name, disabledAt: null },
      create: { email: input.email, passwordHash, role: input.role, name: input.name },
    });
    await tx.staffCourse.deleteMany({ where: { userId: user.id } });
    if (courses.length > 0) await tx.staffCourse.createMany({ data: courses.map((c) => ({ userId: user.id, courseId: c.id })) });
    // A new password ends the sessions opened with the old one.
    await tx.session.deleteMany({ where: { userId: user.id } });
    return user;
  });
}
