import type { Metadata } from "next";
import Link from "next/link";
import { AdminPageHeader } from "@/components/admin/admin-page-header";
import { CourseSettingsForm } from "@/components/admin/course-settings-form";
import { MaterialsPanel } from "@/components/admin/materials/materials-panel";
import { QaPanel } from "@/components/admin/qa/qa-panel";
import { WidgetSitesPanel } from "@/components/admin/widget/widget-sites-panel";
import { Section } from "@/components/ui/section";
import { courseFloorsView } from "@/lib/admin/courses";
import { listDocuments } from "@/lib/admin/documents";
import { listQaEntries } from "@/lib/admin/qa-entries";
import { listWidgetSites } from "@/lib/admin/widget-sites";
import { requireStaffPage } from "@/lib/auth/page-guard";
import { getI18n } from "@/lib/i18n/server";
import { courseOr404 } from "./course-or-404";
import { getContainer } from "@/lib/server/container";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ courseId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const course = await courseOr404((await params).courseId);
  return { title: course.title };
}

export default async function AdminCoursePage({ params }: Props) {
  const course = await courseOr404((await params).courseId);
  const { t } = await getI18n();
  const staff = await requireStaffPage();
  // The embedding model that answers now: which documents still wait for its vectors, and its floor.
  const { db, config, rag } = getContainer();
  const space = await (await rag()).spaces.current();
  const [documents, floors, entries, sites] = await Promise.all([
    listDocuments(db, course.id, space),
    courseFloorsView(db, course.id, space),
    listQaEntries(db, staff, { courseId: course.id }),
    listWidgetSites(db, staff, course.id),
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
      <CourseSettingsForm course={course} floors={floors} floorPercentile={config.RELEVANCE_FLOOR_PERCENTILE} canSetBudget={staff.role === "ADMIN"} />
      <Section id="materials-title" title={t("admin.tabs.materials")}>
        <MaterialsPanel courseId={course.id} maxMb={config.UPLOAD_MAX_MB} initial={documents} />
      </Section>
      <Section id="qa-title" title={t("admin.tabs.faq")}>
        <QaPanel courseId={course.id} initial={entries} />
      </Section>
      <Section id="widget-title" title={t("widget.title")}>
        <WidgetSitesPanel courseId={course.id} courseSlug={course.slug} appUrl={config.appUrl} initial={sites} />
      </Section>
    </div>
  );
}
