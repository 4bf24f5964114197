import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { Section } from "@/components/ui/section";
import { listActiveCourses } from "@/lib/courses/queries";
import { getI18n } from "@/lib/i18n/server";
import { getContainer } from "@/lib/server/container";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const { t } = await getI18n();
  const courses = await listActiveCourses(getContainer().db).catch((error: unknown) => {
    console.error("Could not load courses:", error);
    return null;
  });

  return (
    <div className="space-y-8">
      <section>
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{t("app.name")}</h1>
        <p className="mt-2 max-w-2xl text-slate-600">{t("app.tagline")}</p>
      </section>

      <Section id="courses-title" title={t("home.coursesTitle")} className="space-y-4">
        {courses === null ? (
          <Alert>{t("home.databaseDown")}</Alert>
        ) : courses.length === 0 ? (
          <EmptyState title={t("home.coursesEmpty")}>{t("home.coursesEmptyHint")}</EmptyState>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2">
            {courses.map((course) => (
              <li key={course.id}>
                <Link
                  href={`/courses/${course.slug}`}
                  aria-label={t("home.openCourse", { title: course.title })}
                  className="block h-full rounded-xl border border-slate-200 bg-white p-5 shadow-sm transition hover:border-brand-600 hover:shadow focus-visible:outline-2 focus-visible:outline-brand-600"
                >
                  <h3 className="font-semibold text-slate-900">{course.title}</h3>
                  {course.description ? <p className="mt-1 text-sm text-slate-600">{course.description}</p> : null}
                  <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500">
                    <span>{t("home.materialsCount", { count: course._count.documents })}</span>
                    <span>{t("home.faqCount", { count: course._count.qaEntries })}</span>
                  </p>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
