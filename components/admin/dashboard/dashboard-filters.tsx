import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { DashboardQuery } from "@/lib/admin/dashboard/query";
import { getI18n } from "@/lib/i18n/server";

type Props = { query: DashboardQuery; courses: { id: string; title: string }[] };

/** A plain GET form: works without JavaScript, by keyboard, and leaves a shareable URL. */
export async function DashboardFilters({ query, courses }: Props) {
  const { t } = await getI18n();
  return (
    <form method="get" aria-label={t("dashboard.filters")} className="grid grid-cols-1 gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_2fr_auto] lg:items-end">
      <Field label={t("dashboard.from")}>
        <Input type="date" name="from" defaultValue={query.from} required />
      </Field>
      <Field label={t("dashboard.to")}>
        <Input type="date" name="to" defaultValue={query.to} required />
      </Field>
      <Field label={t("dashboard.course")}>
        <Select name="courseId" defaultValue={query.courseId ?? ""}>
          <option value="">{t("dashboard.allCourses")}</option>
          {courses.map((course) => (
            <option key={course.id} value={course.id}>
              {course.title}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" size="md">
        {t("dashboard.apply")}
      </Button>
    </form>
  );
}
