import type { Translate } from "@/lib/i18n/translator";

/** "lecture.pdf · 120 КБ · 29 страниц": a document's file, size and length as one line. */
export function documentMeta(t: Translate, document: { fileName: string; sizeBytes: number; pageCount: number | null }): string {
  const parts = [document.fileName, t("document.size", { kilobytes: Math.max(1, Math.round(document.sizeBytes / 1024)) })];
  if (document.pageCount) parts.push(t("document.pages", { count: document.pageCount }));
  return parts.join(" · ");
}
