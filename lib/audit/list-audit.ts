import type { PrismaClient } from "@/lib/generated/prisma/client";

export type AuditView = { id: string; at: string; actor: string | null; action: string; entityType: string; entityId: string | null; details: string };

/** The latest admin actions, newest first, for the admin console. */
export async function latestAudit(db: PrismaClient, limit = 200): Promise<AuditView[]> {
  const rows = await db.auditLog.findMany({ orderBy: { createdAt: "desc" }, take: limit, include: { actor: { select: { email: true } } } });
  return rows.map((row) => ({
    id: row.id,
    at: row.createdAt.toISOString(),
    actor: row.actor?.email ?? null,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    details: row.details === null ? "" : JSON.stringify(row.details),
  }));
}
