import Link from "next/link";
import { NewCourseForm } from "@/components/admin/new-course-form";
import { SignOutButton } from "@/components/admin/sign-out-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Section } from "@/components/ui/section";
import { listCourses } from "@/lib/admin/courses";
import { requireStaffPage } from "@/lib/auth/page-guard";
import { getI18n, titleFrom } from "@/lib/i18n/server";
import { getContainer } from "@/lib/server/container";

export const dynamic = "force-dynamic";

export const generateMetadata = titleFrom("admin.title");

export default async function AdminHomePage() {
  const staff = await requireStaffPage();
  const { t } = await getI18n();
  const courses = await listCourses(getContainer().db, staff);
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{t("admin.title")}</h1>
          <p className="mt-1 text-sm text-slate-600">
            {t("admin.signedInAs", { email: staff.email })} · {t(staff.role === "ADMIN" ? "admin.role.ADMIN" : "admin.role.STAFF")}
          </p>
        </div>
        <SignOutButton />
      </div>
      <Link href="/admin/dashboard" className="inline-block text-sm text-brand-700 hover:underline">{t("dashboard.link")}</Link>
      <Section id="admin-courses" title={t("admin.coursesTitle")}>
        {courses.length === 0 ? (
          <EmptyState title={t("admin.coursesEmpty")}>{t("admin.coursesEmptyHint")}</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
            {courses.map((course) => (
              <li key={course.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                <Link href={`/admin/courses/${course.id}`} aria-label={t("admin.openCourse", { title: course.title })} className="font-medium text-brand-700 hover:underline">
                  {course.title}
                </Link>
                <span className="text-sm text-slate-500">
                  {course.archived ? `${t("admin.archived")} · ` : ""}
                  {course.published ? null : (
                    <span className="mr-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800">{t("admin.draft")}</span>
                  )}
                  {t("home.materialsCount", { count: course.documents })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {staff.role === "ADMIN" ? (
        <>
          <nav className="flex flex-wrap gap-4 text-sm">
            <Link href="/admin/qa" className="text-brand-700 hover:underline">
              {t("qa.globalLink")}
            </Link>
            <Link href="/admin/audit" className="text-brand-700 hover:underline">
              {t("audit.link")}
            </Link>
            <Link href="/admin/staff" className="text-brand-700 hover:underline">
              {t("staff.link")}
            </Link>
          </nav>
          <NewCourseForm />
        </>
      ) : null}
    </div>
  );
}
