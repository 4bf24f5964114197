import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

export type AuditEntry = {
  actorId: string;
  action: "create" | "update" | "delete" | "upload" | "reindex" | "archive" | "dismiss" | "import";
  entityType: "course" | "document" | "qa_entry" | "unanswered" | "widget_site" | "staff_user";
  entityId: string;
  details?: Prisma.InputJsonValue;
};

/** Who did what to which record, for the admin audit log. */
export async function recordAudit(db: Pick<PrismaClient, "auditLog">, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({ data: entry });
}
