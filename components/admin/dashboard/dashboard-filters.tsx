import type { DashboardQuery } from "@/lib/admin/dashboard/query";
import type { Translate } from "@/lib/i18n/translator";

type Props = { query: DashboardQuery; courses: { id: string; title: string }[]; t: Translate };

const field = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100";

/** A plain GET form: works without JavaScript, by keyboard, and leaves a shareable URL. */
export function DashboardFilters({ query, courses, t }: Props) {
  return (
    <form method="get" aria-label={t("dashboard.filters")} className="grid grid-cols-1 gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_2fr_auto] lg:items-end">
      <label className="text-sm font-medium text-slate-700">
        {t("dashboard.from")}
        <input type="date" name="from" defaultValue={query.from} required className={field} />
      </label>
      <label className="text-sm font-medium text-slate-700">
        {t("dashboard.to")}
        <input type="date" name="to" defaultValue={query.to} required className={field} />
      </label>
      <label className="text-sm font-medium text-slate-700">
        {t("dashboard.course")}
        <select name="courseId" defaultValue={query.courseId ?? ""} className={field}>
          <option value="">{t("dashboard.allCourses")}</option>
          {courses.map((course) => (
            <option key={course.id} value={course.id}>
              {course.title}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-100 focus:ring-offset-2">
        {t("dashboard.apply")}
      </button>
    </form>
  );
}
