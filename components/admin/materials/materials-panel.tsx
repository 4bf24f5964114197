"use client";

import { useMemo, useState } from "react";
import { documentMeta } from "@/components/documents/document-meta";
import { DocumentStatusBadge } from "@/components/documents/document-status-badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-error";
import { Input, Select } from "@/components/ui/input";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { DocumentView } from "@/lib/admin/documents";
import { useAction } from "@/lib/client/use-action";
import { useJson } from "@/lib/client/use-json";
import { SUPPORTED_FILE_TYPES } from "@/lib/documents/file-types";
import { requestJson } from "@/lib/http/client";
import { useI18n, useT } from "@/lib/i18n/client";
import type { Locale } from "@/lib/i18n/locales";
import type { MessageKey } from "@/lib/i18n/messages/ru";
import type { Translate } from "@/lib/i18n/translator";
import { UploadDropzone } from "./upload-dropzone";
import { useUploads, type UploadItem } from "./use-uploads";

/** While anything is queued or processing, the list refreshes this often. */
const POLL_MS = 1500;
/** While documents wait for vectors (an embedder may come back at any time), this often. */
const VECTORS_POLL_MS = 10_000;
type Sort = "newest" | "title" | "status";
const STATUS_ORDER: Record<DocumentView["status"], number> = { FAILED: 0, PROCESSING: 1, QUEUED: 2, READY: 3 };

const pending = (document: DocumentView) => document.status === "QUEUED" || document.status === "PROCESSING";
/** A READY document whose current model's vectors are being added now (the VECTORS job has started). */
const addingVectors = (document: DocumentView) => document.status === "READY" && document.job?.kind === "VECTORS" && document.job.status === "RUNNING";

/** How often the list refreshes: often while the worker is busy, seldom while vectors wait for an embedder, else never. */
function pollInterval(documents: DocumentView[]): number {
  if (documents.some((d) => pending(d) || addingVectors(d))) return POLL_MS;
  return documents.some((d) => d.vectorsPending) ? VECTORS_POLL_MS : 0;
}

function sorted(documents: DocumentView[], sort: Sort, locale: Locale): DocumentView[] {
  const copy = [...documents];
  if (sort === "title") return copy.sort((a, b) => a.title.localeCompare(b.title, locale));
  if (sort === "status") return copy.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.title.localeCompare(b.title, locale));
  return copy.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** One empty list, so that memos over the documents hold while another course's list loads. */
const NO_DOCUMENTS: DocumentView[] = [];

export function MaterialsPanel({ courseId, maxMb, initial }: { courseId: string; maxMb: number; initial: DocumentView[] }) {
  const { locale, t } = useI18n();
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<Sort>("newest");
  const [confirming, setConfirming] = useState<DocumentView>();
  const list = useJson(`/api/admin/courses/${courseId}/documents`, { initial: { documents: initial }, poll: ({ documents }) => pollInterval(documents) });
  const documents = list.data?.documents ?? NO_DOCUMENTS;
  const uploads = useUploads(courseId, list.reload);

  // A network failure says so; a refusal gives the server's reason.
  const action = useAction((reason, failure) => t("materials.actionFailed", { reason: failure instanceof TypeError ? t("materials.networkError") : reason }));
  const act = async (url: string, method: string) => {
    await action.run(() => requestJson(url, method));
    await list.reload();
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
            <UploadRow key={item.key} item={item} maxMb={maxMb} onDismiss={() => uploads.dismiss(item.key)} />
          ))}
        </ul>
      ) : null}

      <FormError message={list.error ? t("materials.loadFailed") : null} />
      <FormError message={action.error} />

      {documents.length === 0 ? (
        <EmptyState title={t("materials.empty")}>{t("materials.emptyHint")}</EmptyState>
      ) : (
        <section className="space-y-3">
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <Input
              type="search"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              placeholder={t("materials.search")}
              aria-label={t("materials.search")}
              className="w-full sm:max-w-xs"
            />
            <label className="flex items-center gap-2 text-sm text-slate-600">
              {t("materials.sort")}
              <Select value={sort} onChange={(event) => setSort(event.target.value as Sort)}>
                <option value="newest">{t("materials.sort.newest")}</option>
                <option value="title">{t("materials.sort.title")}</option>
                <option value="status">{t("materials.sort.status")}</option>
              </Select>
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
                  onReindex={() => act(`/api/admin/documents/${document.id}/reindex`, "POST")}
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
        onClose={() => setConfirming(undefined)}
        onConfirm={(document) => void act(`/api/admin/documents/${document.id}`, "DELETE")}
      />
    </div>
  );
}

const FAILURE_CODES = new Set(["unsupported_type", "content_mismatch", "empty_file", "empty_document", "corrupt_file", "encrypted_pdf", "too_large", "too_many_pages", "zip_bomb", "too_much_text", "parse_timeout", "parse_memory", "indexing_failed"]);

/** Why ingestion failed, in the reader's language, with the worker's own details (counts, formats) below. */
function FailureReason({ code, details }: { code: string | null; details: string | null }) {
  const t = useT();
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

function UploadRow({ item, maxMb, onDismiss }: { item: UploadItem; maxMb: number; onDismiss: () => void }) {
  const t = useT();
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
          <Button variant="ghost" size="icon" onClick={onDismiss} aria-label="×">
            ×
          </Button>
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

function DocumentRow({ document, onReindex, onDelete }: { document: DocumentView; onReindex: () => void; onDelete: () => void }) {
  const t = useT();
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
          {document.vectorsPending ? <VectorsPendingBadge /> : null}
          <Button variant="outline" size="xs" onClick={onReindex} disabled={pending(document)}>
            {t("materials.reindex")}
          </Button>
          <Button variant="destructive-outline" size="xs" onClick={onDelete}>
            {t("materials.delete")}
          </Button>
        </div>
      </div>
      {(pending(document) || vectors) && document.job ? (
        <div className="space-y-1">
          <ProgressBar value={document.job.progress} label={progressLabel} />
          <p className="text-xs text-slate-500">{progressLabel}</p>
        </div>
      ) : null}
      {document.status === "FAILED" ? <FailureReason code={document.errorCode} details={document.error} /> : null}
    </li>
  );
}

/** A READY document found by its words only: the current model's vectors are still to come. */
function VectorsPendingBadge() {
  const t = useT();
  const hint = t("materials.vectorsPendingHint");
  return (
    <span data-testid="vectors-pending" title={hint} className="inline-flex cursor-help items-center gap-1 rounded-full border border-amber-200 bg-amber-50 px-2.5 py-0.5 text-xs font-medium text-amber-800">
      {t("materials.vectorsPending")}
      <span className="sr-only">. {hint}</span>
    </span>
  );
}
