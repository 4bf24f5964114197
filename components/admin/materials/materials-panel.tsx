"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { documentMeta } from "@/components/documents/document-meta";
import { DocumentStatusBadge } from "@/components/documents/document-status-badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { DocumentView } from "@/lib/admin/documents";
import { SUPPORTED_FILE_TYPES } from "@/lib/documents/file-types";
import { failureOf } from "@/lib/http/client";
import type { Locale } from "@/lib/i18n/locales";
import type { MessageKey } from "@/lib/i18n/messages/ru";
import { createTranslator, type Translate } from "@/lib/i18n/translator";
import { UploadDropzone } from "./upload-dropzone";
import { useUploads, type UploadItem } from "./use-uploads";
import { FormError } from "@/components/ui/form-error";

/** While anything is queued or processing, the list refreshes this often. */
const POLL_MS = 1500;
/** While documents wait for vectors (an embedder may come back at any time), this often. */
const VECTORS_POLL_MS = 10_000;
type Sort = "newest" | "title" | "status";
const STATUS_ORDER: Record<DocumentView["status"], number> = { FAILED: 0, PROCESSING: 1, QUEUED: 2, READY: 3 };

const pending = (document: DocumentView) => document.status === "QUEUED" || document.status === "PROCESSING";
/** A READY document whose current model's vectors are being added now (the VECTORS job has started). */
const addingVectors = (document: DocumentView) => document.status === "READY" && document.job?.kind === "VECTORS" && document.job.status === "RUNNING";

function sorted(documents: DocumentView[], sort: Sort, locale: Locale): DocumentView[] {
  const copy = [...documents];
  if (sort === "title") return copy.sort((a, b) => a.title.localeCompare(b.title, locale));
  if (sort === "status") return copy.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.title.localeCompare(b.title, locale));
  return copy.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function MaterialsPanel({ courseId, locale, maxMb, initial }: { courseId: string; locale: Locale; maxMb: number; initial: DocumentView[] }) {
  const t = createTranslator(locale);
  const [documents, setDocuments] = useState(initial);
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<Sort>("newest");
  const [loadFailed, setLoadFailed] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const [confirming, setConfirming] = useState<DocumentView>();

  const refresh = useCallback(async () => {
    try {
      const response = await fetch(`/api/admin/courses/${courseId}/documents`, { cache: "no-store" });
      if (!response.ok) throw new Error(await failureOf(response));
      setDocuments(((await response.json()) as { documents: DocumentView[] }).documents);
      setLoadFailed(false);
    } catch {
      setLoadFailed(true);
    }
  }, [courseId]);

  const uploads = useUploads(courseId, refresh);
  const busy = documents.some((d) => pending(d) || addingVectors(d)) || uploads.items.some((item) => item.state === "uploading");
  const waitingForVectors = documents.some((d) => d.vectorsPending);

  useEffect(() => {
    if (!busy && !waitingForVectors) return;
    const timer = setInterval(refresh, busy ? POLL_MS : VECTORS_POLL_MS);
    return () => clearInterval(timer);
  }, [busy, waitingForVectors, refresh]);

  const act = async (run: () => Promise<Response>) => {
    setActionError(undefined);
    const response = await run().catch(() => null);
    if (!response?.ok) setActionError(t("materials.actionFailed", { reason: response ? await failureOf(response) : t("materials.networkError") }));
    await refresh();
  };

  const visible = useMemo(() => {
    const needle = query.trim().toLocaleLowerCase(locale);
    const matching = needle ? documents.filter((d) => `${d.title} ${d.fileName}`.toLocaleLowerCase(locale).includes(needle)) : documents;
    return sorted(matching, sort, locale);
  }, [documents, query, sort, locale]);

  return (
    <div className="space-y-6">
      <UploadDropzone
        title={t("materials.dropTitle")}
        hint={t("materials.dropHint", { maxMb })}
        chooseLabel={t("materials.choose")}
        accept={Object.keys(SUPPORTED_FILE_TYPES).join(",")}
        onFiles={uploads.upload}
      />

      {uploads.items.length > 0 ? (
        <ul aria-label={t("materials.choose")} className="space-y-2">
          {uploads.items.map((item) => (
            <UploadRow key={item.key} item={item} t={t} maxMb={maxMb} onDismiss={() => uploads.dismiss(item.key)} />
          ))}
        </ul>
      ) : null}

      <FormError message={loadFailed ? t("materials.loadFailed") : null} />
      <FormError message={actionError} />

      {documents.length === 0 ? (
        <EmptyState title={t("materials.empty")}>{t("materials.emptyHint")}</EmptyState>
      ) : (
        <section className="space-y-3">
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <input
              type="search"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              placeholder={t("materials.search")}
              aria-label={t("materials.search")}
              className="w-full rounded-lg border border-slate-300 px-3 py-2 text-sm sm:max-w-xs"
            />
            <label className="flex items-center gap-2 text-sm text-slate-600">
              {t("materials.sort")}
              <select value={sort} onChange={(event) => setSort(event.target.value as Sort)} className="rounded-lg border border-slate-300 px-2 py-2 text-sm">
                <option value="newest">{t("materials.sort.newest")}</option>
                <option value="title">{t("materials.sort.title")}</option>
                <option value="status">{t("materials.sort.status")}</option>
              </select>
            </label>
          </div>
          {visible.length === 0 ? (
            <p className="text-sm text-slate-500">{t("materials.noMatches")}</p>
          ) : (
            <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
              {visible.map((document) => (
                <DocumentRow
                  key={document.id}
                  document={document}
                  t={t}
                  onReindex={() => act(() => fetch(`/api/admin/documents/${document.id}/reindex`, { method: "POST" }))}
                  onDelete={() => setConfirming(document)}
                />
              ))}
            </ul>
          )}
        </section>
      )}

      <ConfirmDialog
        target={confirming}
        title={(document) => t("materials.deleteTitle", { title: document.title })}
        body={t("materials.deleteBody")}
        confirmLabel={t("materials.delete")}
        cancelLabel={t("dialog.cancel")}
        onClose={() => setConfirming(undefined)}
        onConfirm={(document) => void act(() => fetch(`/api/admin/documents/${document.id}`, { method: "DELETE" }))}
      />
    </div>
  );
}

const FAILURE_CODES = new Set(["unsupported_type", "content_mismatch", "empty_file", "empty_document", "corrupt_file", "encrypted_pdf", "too_large", "too_many_pages", "zip_bomb", "too_much_text", "parse_timeout", "parse_memory", "indexing_failed"]);

/** Why ingestion failed, in the reader's language, with the worker's own details (counts, formats) below. */
function FailureReason({ t, code, details }: { t: Translate; code: string | null; details: string | null }) {
  const headline = code && FAILURE_CODES.has(code) ? t(`materials.failure.${code}` as MessageKey) : null;
  return (
    <div className="text-sm text-rose-700">
      {headline ? <p>{headline}</p> : null}
      {details ? <p className={headline ? "text-xs text-rose-600/80" : undefined}>{details}</p> : null}
    </div>
  );
}

/** The refusals the upload route names by code, in the reader's language; others as the server put them. */
function refusalReason(t: Translate, error: UploadItem["error"], maxMb: number): string {
  if (error?.code === "file_too_large") return t("materials.reject.tooLarge", { maxMb });
  if (error?.code === "unsupported_type") return t("materials.reject.unsupported");
  if (error?.code === "empty_file") return t("materials.reject.empty");
  if (error?.code === "rate_limited") return t("materials.reject.rateLimited");
  return error?.message ?? t("materials.networkError");
}

function UploadRow({ item, t, maxMb, onDismiss }: { item: UploadItem; t: Translate; maxMb: number; onDismiss: () => void }) {
  const status =
    item.state === "uploading"
      ? t("materials.uploading", { percent: Math.round(item.percent) })
      : item.state === "failed"
        ? t("materials.uploadFailed", { reason: refusalReason(t, item.error, maxMb) })
        : t(item.state === "duplicate" ? "materials.duplicate" : "materials.uploaded");
  return (
    <li data-upload={item.fileName} className="rounded-lg border border-slate-200 bg-white px-4 py-3">
      <div className="flex items-center justify-between gap-3 text-sm">
        <span className="truncate font-medium">{item.fileName}</span>
        {item.state !== "uploading" ? (
          <button type="button" onClick={onDismiss} aria-label="×" className="text-slate-400 hover:text-slate-700">
            ×
          </button>
        ) : null}
      </div>
      <p className={`mt-1 text-xs ${item.state === "failed" ? "text-rose-700" : "text-slate-500"}`}>{status}</p>
      {item.state === "uploading" ? (
        <div className="mt-2">
          <ProgressBar value={item.percent} label={status} />
        </div>
      ) : null}
    </li>
  );
}

function DocumentRow({ document, t, onReindex, onDelete }: { document: DocumentView; t: Translate; onReindex: () => void; onDelete: () => void }) {
  const stage = document.job ? t(`materials.stage.${document.job.stage}`) : "";
  const vectors = addingVectors(document);
  const progressLabel = !document.job
    ? ""
    : vectors
      ? t("materials.vectorsProgress", { progress: document.job.progress })
      : t("materials.progress", { stage, progress: document.job.progress });
  return (
    <li data-document={document.fileName} className="space-y-2 px-4 py-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="truncate font-medium">{document.title}</p>
          <p className="text-xs text-slate-500">
            {documentMeta(t, document)}
            {document.status === "READY" ? ` · ${t("materials.chunks", { count: document.chunkCount })}` : ""}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <DocumentStatusBadge status={document.status} label={t(`document.status.${document.status}`)} />
          {document.vectorsPending ? <VectorsPendingBadge t={t} /> : null}
          <button type="button" onClick={onReindex} disabled={pending(document)} className="rounded-lg border border-slate-300 px-2.5 py-1 text-xs hover:bg-slate-50 disabled:opacity-50">
            {t("materials.reindex")}
          </button>
          <button type="button" onClick={onDelete} className="rounded-lg border border-rose-200 px-2.5 py-1 text-xs text-rose-700 hover:bg-rose-50">
            {t("materials.delete")}
          </button>
        </div>
      </div>
      {(pending(document) || vectors) && document.job ? (
        <div className="space-y-1">
          <ProgressBar value={document.job.progress} label={progressLabel} />
          <p className="text-xs text-slate-500">{progressLabel}</p>
        </div>
      ) : null}
      {document.status === "FAILED" ? <FailureReason t={t} code={document.errorCode} details={document.error} /> : null}
    </li>
  );
}

/** A READY document found by its words only: the current model's vectors are still to come. */
function VectorsPendingBadge({ t }: { t: Translate }) {
  const hint = t("materials.vectorsPendingHint");
  return (
    <span data-testid="vectors-pending" title={hint} className="inline-flex cursor-help items-center gap-1 rounded-full border border-amber-200 bg-amber-50 px-2.5 py-0.5 text-xs font-medium text-amber-800">
      {t("materials.vectorsPending")}
      <span className="sr-only">. {hint}</span>
    </span>
  );
}
