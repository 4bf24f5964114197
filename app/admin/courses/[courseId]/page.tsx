import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MaterialsPanel } from "@/components/admin/materials/materials-panel";
import { QaPanel } from "@/components/admin/qa/qa-panel";
import { getCourse } from "@/lib/admin/courses";
import { listDocuments } from "@/lib/admin/documents";
import { listQaEntries } from "@/lib/admin/qa-entries";
import { requireStaffPage } from "@/lib/auth/page-guard";
import { getConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import { HttpError } from "@/lib/http/errors";
import { getI18n } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ courseId: string }> };

async function courseOr404(courseId: string) {
  const staff = await requireStaffPage();
  try {
    return await getCourse(getDb(), staff, courseId);
  } catch (error) {
    // A course that is not theirs is, for staff, a course that does not exist.
    if (error instanceof HttpError && (error.status === 404 || error.status === 403)) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const course = await courseOr404((await params).courseId);
  return { title: course.title };
}

export default async function AdminCoursePage({ params }: Props) {
  const course = await courseOr404((await params).courseId);
  const { locale, t } = await getI18n();
  const staff = await requireStaffPage();
  const [documents, entries] = await Promise.all([listDocuments(getDb(), course.id), listQaEntries(getDb(), staff, { courseId: course.id })]);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/admin" className="text-sm text-brand-700 hover:underline">
          ← {t("admin.backToCourses")}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">{course.title}</h1>
      </div>
      <section aria-labelledby="materials-title" className="space-y-3">
        <h2 id="materials-title" className="text-lg font-semibold">
          {t("admin.tabs.materials")}
        </h2>
        <MaterialsPanel courseId={course.id} locale={locale} maxMb={getConfig().UPLOAD_MAX_MB} initial={documents} />
      </section>
      <section aria-labelledby="qa-title" className="space-y-3">
        <h2 id="qa-title" className="text-lg font-semibold">
          {t("admin.tabs.faq")}
        </h2>
        <QaPanel courseId={course.id} locale={locale} initial={entries} />
      </section>
    </div>
  );
}
