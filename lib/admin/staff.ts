import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertAdmin, type StaffIdentity } from "@/lib/auth/staff";
import { courseIdsForSlugs, courseSlugs, createStaffUser } from "@/lib/auth/staff-users";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { HttpError, notFound } from "@/lib/http/errors";

type Tx = Prisma.TransactionClient;

export const staffPatch = z
  .strictObject({
    disabled: z.boolean(),
    role: z.enum(["ADMIN", "STAFF"]),
    /** Replaces a staff member's courses; ignored for admins, who see every course. */
    courses: courseSlugs,
    name: z.string().trim().min(1, "must not be empty").max(200).nullable(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "name at least one of disabled, role, courses, name");

export type StaffMemberView = {
  id: string;
  email: string;
  name: string | null;
  role: "ADMIN" | "STAFF";
  courses: { id: string; slug: string; title: string }[];
  disabled: boolean;
  /** When the newest session still on record was opened (signing out deletes its row). */
  lastSignInAt: string | null;
  activeSessions: number;
};

const STAFF_ROLES = { in: ["ADMIN" as const, "STAFF" as const] };

const withActivity = (now: Date) =>
  ({
    staffCourses: { select: { course: { select: { id: true, slug: true, title: true } } } },
    sessions: { select: { createdAt: true }, orderBy: { createdAt: "desc" }, take: 1 },
    _count: { select: { sessions: { where: { expires: { gt: now } } } } },
  }) satisfies Prisma.UserInclude;

type UserWithActivity = Prisma.UserGetPayload<{ include: ReturnType<typeof withActivity> }>;

function view(user: UserWithActivity): StaffMemberView {
  return {
    id: user.id,
    email: user.email ?? "",
    name: user.name,
    role: user.role === "ADMIN" ? "ADMIN" : "STAFF",
    courses: user.staffCourses.map((link) => link.course).sort((a, b) => a.title.localeCompare(b.title)),
    disabled: user.disabledAt !== null,
    lastSignInAt: user.sessions[0]?.createdAt.toISOString() ?? null,
    activeSessions: user._count.sessions,
  };
}

async function memberView(db: Pick<PrismaClient, "user">, userId: string): Promise<StaffMemberView> {
  const user = await db.user.findFirst({ where: { id: userId, role: STAFF_ROLES }, include: withActivity(new Date()) });
  if (!user) throw notFound("The staff member");
  return view(user);
}

/** Admins only, as is everything here: staff must not see or change who else can sign in. */
export async function listStaffMembers(db: PrismaClient, actor: StaffIdentity): Promise<StaffMemberView[]> {
  assertAdmin(actor);
  const users = await db.user.findMany({ where: { role: STAFF_ROLES }, orderBy: { email: "asc" }, include: withActivity(new Date()) });
  return users.map(view);
}

export async function createStaffMember(db: PrismaClient, actor: StaffIdentity, body: unknown): Promise<StaffMemberView> {
  assertAdmin(actor);
  const user = await createStaffUser(db, body);
  const member = await memberView(db, user.id);
  await recordAudit(db, {
    actorId: actor.userId,
    action: "create",
    entityType: "staff_user",
    entityId: user.id,
    details: { email: member.email, role: member.role, courses: member.courses.map((c) => c.slug) },
  });
  return member;
}

async function staffUserOrThrow(tx: Tx, userId: string) {
  const user = await tx.user.findFirst({ where: { id: userId, role: STAFF_ROLES }, select: { id: true, role: true, disabledAt: true } });
  if (!user) throw notFound("The staff member");
  return user;
}

/**
 * Locks the enabled admins' rows, so two admins disabling each other at once are served in turn
 * and the second sees the first's change, then refuses to leave nobody able to manage the site.
 */
async function assertAnotherAdminRemains(tx: Tx, userId: string): Promise<void> {
  const admins = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "User" WHERE role = 'ADMIN' AND "disabledAt" IS NULL FOR UPDATE`;
  if (!admins.some((admin) => admin.id !== userId)) {
    throw new HttpError(409, "last_admin", "This is the last enabled administrator; make another administrator first.");
  }
}

/**
 * Role, courses and name take effect on the member's next request (each request reads them
 * afresh); disabling also ends every session in the same transaction, so there is no window in
 * which a disabled user still holds one.
 */
export async function updateStaffMember(db: PrismaClient, actor: StaffIdentity, userId: string, patch: z.output<typeof staffPatch>): Promise<StaffMemberView> {
  assertAdmin(actor);
  return db.$transaction(async (tx) => {
    const user = await staffUserOrThrow(tx, userId);
    const role = patch.role ?? user.role;
    const removesAdmin = user.role === "ADMIN" && user.disabledAt === null && (patch.disabled === true || role === "STAFF");
    if (removesAdmin && userId === actor.userId) {
      throw new HttpError(409, "self_change", "You cannot disable your own account or take away your own administrator role.");
    }
    if (removesAdmin) await assertAnotherAdminRemains(tx, userId);
    const courseIds = role === "STAFF" && patch.courses ? await courseIdsForSlugs(tx, patch.courses) : undefined;

    const disabledAt = patch.disabled === undefined ? undefined : patch.disabled ? (user.disabledAt ?? new Date()) : null;
    await tx.user.update({ where: { id: userId }, data: { role, name: patch.name, disabledAt } });
    if (role === "ADMIN" && user.role !== "ADMIN") await tx.staffCourse.deleteMany({ where: { userId } });
    if (courseIds) {
      await tx.staffCourse.deleteMany({ where: { userId } });
      await tx.staffCourse.createMany({ data: courseIds.map((courseId) => ({ userId, courseId })) });
    }
    const ended = patch.disabled ? (await tx.session.deleteMany({ where: { userId } })).count : 0;
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "update",
      entityType: "staff_user",
      entityId: userId,
      details: { ...patch, ...(ended > 0 ? { sessionsEnded: ended } : {}) },
    });
    return memberView(tx, userId);
  });
}

/** Signs the member out everywhere; the account stays enabled, so they may sign in again. */
export async function endStaffSessions(db: PrismaClient, actor: StaffIdentity, userId: string): Promise<StaffMemberView> {
  assertAdmin(actor);
  return db.$transaction(async (tx) => {
    await staffUserOrThrow(tx, userId);
    const { count } = await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, { actorId: actor.userId, action: "update", entityType: "staff_user", entityId: userId, details: { sessionsEnded: count } });
    return memberView(tx, userId);
  });
}
