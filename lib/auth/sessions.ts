import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { StaffIdentity } from "./staff";

/** Opens a server-side session; the signed cookie carries only its token, so it can be revoked here. */
export async function openSession(db: PrismaClient, userId: string, hours: number): Promise<string> {
  const sessionToken = randomBytes(32).toString("base64url");
  await db.session.create({ data: { sessionToken, userId, expires: new Date(Date.now() + hours * 3_600_000) } });
  return sessionToken;
}

export async function closeSession(db: PrismaClient, sessionToken: string): Promise<void> {
  await db.session.deleteMany({ where: { sessionToken } });
}

export type SessionHolder = StaffIdentity | { role: "STUDENT"; userId: string };

/** Who holds a live session: null when it expired, was closed, or its user is disabled. */
export async function sessionHolder(db: PrismaClient, sessionToken: string): Promise<SessionHolder | null> {
  const session = await db.session.findUnique({
    where: { sessionToken },
    include: { user: { include: { staffCourses: { select: { courseId: true } } } } },
  });
  if (!session || session.expires <= new Date() || session.user.disabledAt) return null;
  const { user } = session;
  if (user.role === "STUDENT") return { role: "STUDENT", userId: user.id };
  return {
    role: user.role,
    userId: user.id,
    email: user.email ?? "",
    name: user.name,
    courseIds: user.staffCourses.map((c) => c.courseId),
  };
}
