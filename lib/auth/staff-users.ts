import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { HttpError } from "@/lib/http/errors";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./password";

export const courseSlugs = z.array(z.string().trim().min(1).max(80)).max(500);

export const staffUserInput = z.object({
  email: z.email("must be an e-mail address").max(320).transform((email) => email.toLowerCase()),
  // Sign-in accepts at most 1024 characters; a longer password could never be used.
  password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
  name: z.string().trim().min(1).max(200).optional(),
  role: z.enum(["ADMIN", "STAFF"]).default("ADMIN"),
  /** Course slugs a staff member is limited to; ignored for admins, who see every course. */
  courses: courseSlugs.default([]),
});

/** The ids of these course slugs; an unknown one is an error (400), not silently dropped. */
export async function courseIdsForSlugs(db: Pick<PrismaClient, "course">, slugs: readonly string[]): Promise<string[]> {
  const courses = slugs.length === 0 ? [] : await db.course.findMany({ where: { slug: { in: [...slugs] } }, select: { id: true, slug: true } });
  const unknown = slugs.filter((slug) => !courses.some((c) => c.slug === slug));
  if (unknown.length > 0) throw new HttpError(400, "unknown_course", `Unknown course(s): ${unknown.join(", ")}`);
  return courses.map((c) => c.id);
}

async function saveStaffUser(db: PrismaClient, raw: unknown, overwrite: boolean) {
  const input = staffUserInput.parse(raw);
  const courseIds = input.role === "STAFF" ? await courseIdsForSlugs(db, input.courses) : [];
  const passwordHash = await hashPassword(input.password);
  const data = { passwordHash, role: input.role, name: input.name };
  return db
    .$transaction(async (tx) => {
      const saved = overwrite
        ? await tx.user.upsert({ where: { email: input.email }, update: { ...data, disabledAt: null }, create: { email: input.email, ...data } })
        : await tx.user.create({ data: { email: input.email, ...data } });
      await tx.staffCourse.deleteMany({ where: { userId: saved.id } });
      if (courseIds.length > 0) await tx.staffCourse.createMany({ data: courseIds.map((courseId) => ({ userId: saved.id, courseId })) });
      // A new password ends the sessions opened with the old one.
      await tx.session.deleteMany({ where: { userId: saved.id } });
      return saved;
    })
    .catch((error: unknown) => {
      // The unique e-mail decides, so two creations racing for one address cannot both succeed.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        throw new HttpError(409, "email_taken", `A user with the e-mail ${input.email} already exists.`);
      }
      throw error;
    });
}

/**
 * Creates an admin or staff user, or updates the one with that e-mail (new password, role and
 * courses, enabled again): the CLI's way back into an account. Staff course slugs must exist.
 */
export function upsertStaffUser(db: PrismaClient, raw: z.input<typeof staffUserInput>) {
  return saveStaffUser(db, raw, true);
}

/** Creates an admin or staff user from a request body; an e-mail in use is a conflict (409), never overwritten. */
export function createStaffUser(db: PrismaClient, body: unknown) {
  return saveStaffUser(db, body, false);
}
