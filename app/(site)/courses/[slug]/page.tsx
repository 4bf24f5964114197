import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { documentMeta } from "@/components/documents/document-meta";
import { DocumentStatusBadge } from "@/components/documents/document-status-badge";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Section } from "@/components/ui/section";
import { getActiveCourse } from "@/lib/courses/queries";
import { getI18n } from "@/lib/i18n/server";
import { getContainer } from "@/lib/server/container";

type Props = { params: Promise<{ slug: string }> };

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const course = await getActiveCourse(getContainer().db, (await params).slug);
  return course ? { title: course.title } : {};
}

export default async function CoursePage({ params }: Props) {
  const { t } = await getI18n();
  const course = await getActiveCourse(getContainer().db, (await params).slug);
  if (!course) notFound();

  return (
    <div className="space-y-8">
      <nav>
        <Link href="/" className="text-sm text-brand-700 hover:underline">
          ← {t("course.back")}
        </Link>
      </nav>
      <header>
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{course.title}</h1>
        {course.description ? <p className="mt-2 max-w-2xl text-slate-600">{course.description}</p> : null}
        <p className="mt-2 text-sm text-slate-500">
          {t("course.language", { language: t(`locale.${course.language}`) })}
        </p>
        <Link
          href={`/courses/${course.slug}/chat`}
          className={buttonVariants({ size: "lg", className: "mt-4 inline-block shadow-sm" })}
        >
          {t("course.askCta")}
        </Link>
      </header>

      <Section id="materials-title" title={t("course.materialsTitle")}>
        {course.documents.length === 0 ? (
          <EmptyState title={t("course.materialsEmpty")} />
        ) : (
          <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
            {course.documents.map((doc) => (
              <li key={doc.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                <div className="min-w-0">
                  <p className="truncate font-medium">{doc.title}</p>
                  <p className="text-xs text-slate-500">{documentMeta(t, doc)}</p>
                </div>
                <DocumentStatusBadge status={doc.status} label={t(`document.status.${doc.status}`)} />
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="faq-title" title={t("course.faqTitle")}>
        {course.qaEntries.length === 0 ? (
          <EmptyState title={t("course.faqEmpty")} />
        ) : (
          <div className="space-y-2">
            {course.qaEntries.map((entry) => (
              <details key={entry.id} className="group rounded-xl border border-slate-200 bg-white px-4 py-3">
                <summary className="cursor-pointer font-medium marker:text-brand-600">{entry.question}</summary>
                <p className="mt-2 whitespace-pre-line text-sm text-slate-700">{entry.answer}</p>
              </details>
            ))}
          </div>
        )}
      </Section>
    </div>
  );
}
