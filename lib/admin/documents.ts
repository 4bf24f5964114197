import { rm } from "node:fs/promises";
import path from "node:path";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertCourseAccess, type StaffIdentity } from "@/lib/auth/staff";
import type { Config } from "@/lib/config/load";
import { discardReceived, type ReceivedUploads } from "@/lib/documents/receive-uploads";
import { registerDocument } from "@/lib/documents/register-document";
import { adoptReceivedFile } from "@/lib/documents/storage";
import type { Document, PrismaClient } from "@/lib/generated/prisma/client";
import type { DocumentStatus, DocumentType, IngestionKind, JobStage, JobStatus } from "@/lib/generated/prisma/enums";
import { notFound } from "@/lib/http/errors";
import { enqueueDocument } from "@/lib/rag/ingest/queue";
import { removeDocument } from "@/lib/rag/ingest/remove-document";
import type { VectorSpace, VectorStore } from "@/lib/vector/types";

export type AdminDeps = { db: PrismaClient; config: Config };

/**
 * A document as the admin console shows it: its status and its latest job's kind, stage and
 * progress (a VECTORS job runs on a READY document, adding the current model's vectors).
 */
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
  /**
   * READY (searchable by its words) but without vectors of the current embedding model, so
   * semantic search does not find it yet; with no embedder answering, READY without any vectors.
   */
  vectorsPending: boolean;
  job: { kind: IngestionKind; stage: JobStage; progress: number; attempts: number; status: JobStatus } | null;
};

/** The embedding space the console compares documents' vectors with; null while no embedder answers. */
export type CurrentSpace = Pick<VectorSpace, "key"> | null;

const withLatestJob = {
  jobs: { orderBy: { createdAt: "desc" as const }, take: 1, select: { kind: true, stage: true, progress: true, attempts: true, status: true } },
};

type DocumentRow = Document & { jobs: NonNullable<DocumentView["job"]>[] };

export function vectorsPending(document: Pick<Document, "status" | "vectorKey">, space: CurrentSpace): boolean {
  return document.status === "READY" && (space ? document.vectorKey !== space.key : document.vectorKey === null);
}

function view(document: DocumentRow, space: CurrentSpace): DocumentView {
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
    vectorsPending: vectorsPending(document, space),
    job: document.jobs[0] ?? null,
  };
}

/** The course's documents, newest first; `space` is the current embedding model's (null: none answers). */
export async function listDocuments(db: PrismaClient, courseId: string, space: CurrentSpace = null): Promise<DocumentView[]> {
  const documents = await db.document.findMany({ where: { courseId }, orderBy: { createdAt: "desc" }, include: withLatestJob });
  return documents.map((document) => view(document, space));
}

/** Loads a document the staff member may manage: 404 when unknown, 403 when in another's course. */
export async function documentForStaff(db: PrismaClient, staff: StaffIdentity, documentId: string, space: CurrentSpace = null): Promise<DocumentView> {
  const document = await db.document.findUnique({ where: { id: documentId }, include: withLatestJob });
  if (!document) throw notFound("The document");
  assertCourseAccess(staff, document.courseId);
  return view(document, space);
}

export type UploadOutcome =
  | { fileName: string; ok: true; documentId: string }
  | { fileName: string; ok: false; status: number; code: string; message: string; documentId?: string };

/**
 * Turns received files into queued documents. A file whose content the course already has is
 * refused with 409 and the existing document's id, whether it came earlier or in a request
 * racing this one, so two simultaneous uploads of one file give one document and one refusal.
 */
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
      if (!created) {
        // Same content under another extension was stored under another name; the existing document keeps its own file.
        if (document.storagePath !== storagePath) await rm(storagePath, { force: true });
        outcomes.push({ fileName: file.fileName, ok: false, status: 409, code: "duplicate_document", message: `This file is already in the course as "${document.title}".`, documentId: document.id });
        continue;
      }
      await recordAudit(deps.db, {
        actorId: staff.userId,
        action: "upload",
        entityType: "document",
        entityId: document.id,
        details: { fileName: file.fileName, sizeBytes: file.sizeBytes, courseId },
      });
      outcomes.push({ fileName: file.fileName, ok: true, documentId: document.id });
    } catch (error) {
      // The files not yet registered must not linger in the incoming folder.
      await discardReceived(uploads.files.slice(index));
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
