import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ZodError } from "zod";
import { AdminPageHeader } from "@/components/admin/admin-page-header";
import { DashboardCharts } from "@/components/admin/dashboard/dashboard-charts";
import { DashboardFilters } from "@/components/admin/dashboard/dashboard-filters";
import { DashboardTables } from "@/components/admin/dashboard/dashboard-tables";
import { KpiCards } from "@/components/admin/dashboard/kpi-cards";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { listCourses } from "@/lib/admin/courses";
import { loadDashboard } from "@/lib/admin/dashboard/dashboard";
import { parseDashboardQuery, type DashboardQuery } from "@/lib/admin/dashboard/query";
import { requireStaffPage } from "@/lib/auth/page-guard";
import { HttpError } from "@/lib/http/errors";
import { getI18n } from "@/lib/i18n/server";
import { getContainer } from "@/lib/server/container";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t("dashboard.title") };
}

/** The query from the URL, or the default range with the reason it was not applied. */
function readQuery(params: Record<string, string | string[] | undefined>, timeZone: string): { query: DashboardQuery; problem?: string } {
  const single = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  try {
    return { query: parseDashboardQuery(single, timeZone) };
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const issue = error.issues[0];
    return { query: parseDashboardQuery({}, timeZone), problem: `${issue.path.join(".")}: ${issue.message}` };
  }
}

export default async function AdminDashboardPage({ searchParams }: Props) {
  const staff = await requireStaffPage();
  const { t } = await getI18n();
  const { config, db } = getContainer();
  const timeZone = config.DASHBOARD_TIME_ZONE;
  const { query, problem } = readQuery(await searchParams, timeZone);
  const [courses, dashboard] = await Promise.all([
    listCourses(db, staff),
    loadDashboard({ db, prices: config.LLM_PRICES, timeZone, budgets: config }, staff, query).catch((error: unknown) => {
      // A course that is not theirs is, for staff, a course that does not exist.
      if (error instanceof HttpError && error.status === 403) notFound();
      throw error;
    }),
  ]);
  const empty = dashboard.questions === 0 && dashboard.answers === 0;
  return (
    <div className="space-y-6">
      <AdminPageHeader backHref="/admin" backLabel={t("admin.backToCourses")} title={t("dashboard.title")}>
        <p className="mt-1 text-sm text-slate-600">{t("dashboard.range", { timeZone })}</p>
      </AdminPageHeader>
      <DashboardFilters query={query} courses={courses} />
      {problem ? <Alert>{t("dashboard.invalidQuery", { reason: problem })}</Alert> : null}
      {empty ? (
        <EmptyState title={t("dashboard.empty")}>{t("dashboard.emptyHint")}</EmptyState>
      ) : (
        <>
          <KpiCards dashboard={dashboard} />
          <DashboardCharts daily={dashboard.daily} modes={dashboard.modes} providers={dashboard.providers} />
          <DashboardTables dashboard={dashboard} />
        </>
      )}
    </div>
  );
}
