import { rm } from "node:fs/promises";
import path from "node:path";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertCourseAccess, type StaffIdentity } from "@/lib/auth/staff";
import type { Config } from "@/lib/config/load";
import type { ReceivedUploads } from "@/lib/documents/receive-uploads";
import { registerDocument } from "@/lib/documents/register-document";
import { adoptReceivedFile } from "@/lib/documents/storage";
import type { Document, PrismaClient } from "@/lib/generated/prisma/client";
import type { DocumentStatus, DocumentType, JobStage, JobStatus } from "@/lib/generated/prisma/enums";
import { notFound } from "@/lib/http/errors";
import { enqueueDocument } from "@/lib/rag/ingest/queue";
import { removeDocument } from "@/lib/rag/ingest/remove-document";
import type { VectorStore } from "@/lib/vector/types";

export type AdminDeps = { db: PrismaClient; config: Config };

/** A document as the admin console shows it: its status and its latest job's stage and progress. */
export type DocumentView = {
  id: string;
  courseId: string;
  title: string;
  fileName: string;
  type: DocumentType;
  sizeBytes: number;
  status: DocumentStatus;
  error: string | null;
  errorCode: string | null;
  pageCount: number | null;
  chunkCount: number;
  createdAt: string;
  indexedAt: string | null;
  job: { stage: JobStage; progress: number; attempts: number; status: JobStatus } | null;
};

const withLatestJob = {
  jobs: { orderBy: { createdAt: "desc" as const }, take: 1, select: { stage: true, progress: true, attempts: true, status: true } },
};

type DocumentRow = Document & { jobs: NonNullable<DocumentView["job"]>[] };

function view(document: DocumentRow): DocumentView {
  return {
    id: document.id,
    courseId: document.courseId,
    title: document.title,
    fileName: document.fileName,
    type: document.type,
    sizeBytes: document.sizeBytes,
    status: document.status,
    error: document.error,
    errorCode: document.errorCode,
    pageCount: document.pageCount,
    chunkCount: document.chunkCount,
    createdAt: document.createdAt.toISOString(),
    indexedAt: document.indexedAt?.toISOString() ?? null,
    job: document.jobs[0] ?? null,
  };
}

export async function listDocuments(db: PrismaClient, courseId: string): Promise<DocumentView[]> {
  const documents = await db.document.findMany({ where: { courseId }, orderBy: { createdAt: "desc" }, include: withLatestJob });
  return documents.map(view);
}

/** Loads a document the staff member may manage: 404 when unknown, 403 when in another's course. */
export async function documentForStaff(db: PrismaClient, staff: StaffIdentity, documentId: string): Promise<DocumentView> {
  const document = await db.document.findUnique({ where: { id: documentId }, include: withLatestJob });
  if (!document) throw notFound("The document");
  assertCourseAccess(staff, document.courseId);
  return view(document);
}

export type UploadOutcome =
  | { fileName: string; ok: true; documentId: string; duplicate: boolean }
  | { fileName: string; ok: false; status: number; code: string; message: string };

/** Turns received files into queued documents (or finds the same content already there). */
export async function acceptUploads(deps: AdminDeps, staff: StaffIdentity, courseId: string, uploads: ReceivedUploads): Promise<UploadOutcome[]> {
  const outcomes: UploadOutcome[] = uploads.rejected.map(({ fileName, status, code, message }) => ({ fileName, ok: false, status, code, message }));
  for (const [index, file] of uploads.files.entries()) {
    try {
      const storagePath = await adoptReceivedFile(deps.config.paths.uploads, courseId, file.checksum, path.extname(file.fileName), file.tempPath);
      const { document, created } = await registerDocument(deps.db, {
        courseId,
        fileName: file.fileName,
        checksum: file.checksum,
        sizeBytes: file.sizeBytes,
        storagePath,
        uploadedById: staff.userId,
      });
      if (created) {
        await recordAudit(deps.db, {
          actorId: staff.userId,
          action: "upload",
          entityType: "document",
          entityId: document.id,
          details: { fileName: file.fileName, sizeBytes: file.sizeBytes, courseId },
        });
      }
      outcomes.push({ fileName: file.fileName, ok: true, documentId: document.id, duplicate: !created });
    } catch (error) {
      // The files not yet registered must not linger in the incoming folder.
      await Promise.all(uploads.files.slice(index).map((f) => rm(f.tempPath, { force: true })));
      throw error;
    }
  }
  return outcomes;
}

export async function reindexDocument(db: PrismaClient, staff: StaffIdentity, documentId: string): Promise<DocumentView> {
  await documentForStaff(db, staff, documentId);
  await enqueueDocument(db, documentId);
  await recordAudit(db, { actorId: staff.userId, action: "reindex", entityType: "document", entityId: documentId });
  return documentForStaff(db, staff, documentId);
}

export async function deleteDocument(deps: { db: PrismaClient; store: VectorStore }, staff: StaffIdentity, documentId: string): Promise<void> {
  const document = await documentForStaff(deps.db, staff, documentId);
  await removeDocument(deps, documentId);
  await recordAudit(deps.db, {
    actorId: staff.userId,
    action: "delete",
    entityType: "document",
    entityId: documentId,
    details: { fileName: document.fileName, courseId: document.courseId },
  });
}
