import "katex/dist/katex.min.css";
import { readFile } from "node:fs/promises";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Markdown } from "@/components/markdown/markdown";
import { findStudentDocument } from "@/lib/documents/student-documents";
import { getI18n } from "@/lib/i18n/server";

type Props = { params: Promise<{ id: string }> };

export const dynamic = "force-dynamic";

/** Rendered in the page up to this size (every request reads and renders it whole); larger Markdown opens as the file. */
const RENDER_MAX_BYTES = 1024 * 1024;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const document = await findStudentDocument((await params).id);
  return document ? { title: document.title } : {};
}

/** A course document for reading: Markdown rendered with heading anchors; other types open as the file. */
export default async function DocumentPage({ params }: Props) {
  const { t } = await getI18n();
  const document = await findStudentDocument((await params).id);
  if (!document) notFound();
  if (document.type !== "MARKDOWN" || document.sizeBytes > RENDER_MAX_BYTES) redirect(`/api/documents/${document.id}/file`);
  const text = await readFile(document.storagePath, "utf8").catch(() => null);
  if (text === null) notFound();

  return (
    <article className="space-y-6">
      <nav className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <Link href={`/courses/${document.course.slug}/chat`} className="text-brand-700 hover:underline">
          ← {t("document.backToChat")}
        </Link>
        <a href={`/api/documents/${document.id}/file`} className="text-brand-700 hover:underline">
          {t("document.download", { fileName: document.fileName })}
        </a>
      </nav>
      <div className="rounded-xl border border-slate-200 bg-white p-5 sm:p-8">
        <Markdown>{text}</Markdown>
      </div>
    </article>
  );
}
