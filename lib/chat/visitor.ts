import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { cookieValue } from "@/lib/http/request";

export const VISITOR_COOKIE = "ca_visitor";
const ONE_YEAR_S = 60 * 60 * 24 * 365;

/** The anonymous student behind a request, known by an httpOnly cookie holding a random id; null if none yet. */
export async function findVisitor(db: PrismaClient, request: Request): Promise<{ id: string } | null> {
  const id = cookieValue(request, VISITOR_COOKIE);
  if (!id) return null;
  // Single statements: this runs before every answer's first token (see turn-store.ts).
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT id FROM "Visitor" WHERE id = ${id}`;
  return rows[0] ?? null;
}

/**
 * The request's visitor, created on first use. The id is an unguessable random UUID: holding the
 * cookie is what makes chats one's own. `setCookie` is the header to send when a visitor was created.
 * `admit` runs before a new visitor is created and throws to refuse it (a per-address limit).
 */
export async function ensureVisitor(db: PrismaClient, request: Request, admit: () => Promise<void>): Promise<{ id: string; setCookie?: string }> {
  const existing = await findVisitor(db, request);
  if (existing) return existing;
  await admit();
  const id = randomUUID();
  await db.$executeRaw`INSERT INTO "Visitor" (id) VALUES (${id})`;
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return { id, setCookie: `${VISITOR_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${ONE_YEAR_S}${secure}` };
}
