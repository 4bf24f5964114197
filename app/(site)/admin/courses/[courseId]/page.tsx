import type { Metadata } from "next";
import Link from "next/link";
import { AdminPageHeader } from "@/components/admin/admin-page-header";
import { CourseSettingsForm } from "@/components/admin/course-settings-form";
import { MaterialsPanel } from "@/components/admin/materials/materials-panel";
import { QaPanel } from "@/components/admin/qa/qa-panel";
import { WidgetSitesPanel } from "@/components/admin/widget/widget-sites-panel";
import { courseFloorsView } from "@/lib/admin/courses";
import { listDocuments } from "@/lib/admin/documents";
import { listQaEntries } from "@/lib/admin/qa-entries";
import { listWidgetSites } from "@/lib/admin/widget-sites";
import { requireStaffPage } from "@/lib/auth/page-guard";
import { getConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import { getI18n } from "@/lib/i18n/server";
import { getRagServices } from "@/lib/rag/services";
import { courseOr404 } from "./course-or-404";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ courseId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const course = await courseOr404((await params).courseId);
  return { title: course.title };
}

export default async function AdminCoursePage({ params }: Props) {
  const course = await courseOr404((await params).courseId);
  const { locale, t } = await getI18n();
  const staff = await requireStaffPage();
  // The embedding model that answers now: which documents still wait for its vectors, and its floor.
  const space = await (await getRagServices()).spaces.current();
  const [documents, floors, entries, sites] = await Promise.all([
    listDocuments(getDb(), course.id, space),
    courseFloorsView(getDb(), course.id, space),
    listQaEntries(getDb(), staff, { courseId: course.id }),
    listWidgetSites(getDb(), staff, course.id),
  ]);
  return (
    <div className="space-y-6">
      <AdminPageHeader backHref="/admin" backLabel={t("admin.backToCourses")} title={course.title}>
        <nav className="mt-2 flex flex-wrap gap-4 text-sm">
          <Link href={`/admin/courses/${course.id}/unanswered`} className="text-brand-700 hover:underline">
            {t("inbox.link")}
          </Link>
        </nav>
      </AdminPageHeader>
      <CourseSettingsForm course={course} floors={floors} floorPercentile={getConfig().RELEVANCE_FLOOR_PERCENTILE} canSetBudget={staff.role === "ADMIN"} locale={locale} />
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
      <section aria-labelledby="widget-title" className="space-y-3">
        <h2 id="widget-title" className="text-lg font-semibold">
          {t("widget.title")}
        </h2>
        <WidgetSitesPanel courseId={course.id} courseSlug={course.slug} locale={locale} appUrl={getConfig().appUrl} initial={sites} />
      </section>
    </div>
  );
}
