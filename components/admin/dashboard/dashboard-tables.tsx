import type { ReactNode } from "react";
import type { Dashboard } from "@/lib/admin/dashboard/dashboard";
import { dashboardFormats } from "@/lib/admin/dashboard/format";
import { getI18n } from "@/lib/i18n/server";
import { DataTable } from "./data-table";


function Table({ id, title, head, empty, children }: { id: string; title: string; head: string[]; empty: string | null; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} data-table={id} className="min-w-0 rounded-xl border border-slate-200 bg-white p-4">
      <h2 id={`${id}-title`} className="mb-3 font-medium text-slate-800">
        {title}
      </h2>
      {empty !== null ? (
        <p className="text-sm text-slate-500">{empty}</p>
      ) : (
        <div className="overflow-x-auto">
          <DataTable head={head} className="w-full text-left text-sm">
            {children}
          </DataTable>
        </div>
      )}
    </section>
  );
}

const cell = "border-t border-slate-100 py-1.5 pr-3 align-top";

export async function DashboardTables({ dashboard }: { dashboard: Dashboard }) {
  const { locale, t } = await getI18n();
  const f = dashboardFormats(locale);
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      <Table
        id="providers"
        title={t("dashboard.providers.title")}
        head={[t("dashboard.providers.provider"), t("dashboard.series.answers"), t("dashboard.series.input"), t("dashboard.series.output"), t("dashboard.providers.cost")]}
        empty={dashboard.providers.length === 0 ? t("dashboard.providers.none") : null}
      >
        {dashboard.providers.map((row) => (
          <tr key={`${row.provider}/${row.model}`} data-provider={row.provider}>
            <td className={cell}>{row.model ? `${row.provider} / ${row.model}` : row.provider}</td>
            <td className={cell}>{f.integer(row.answers)}</td>
            <td className={cell}>{f.integer(row.promptTokens)}</td>
            <td className={cell}>{f.integer(row.completionTokens)}</td>
            <td className={cell}>{row.estimatedCost === null ? t("dashboard.providers.noPrice") : f.usd(row.estimatedCost)}</td>
          </tr>
        ))}
      </Table>
      <Table id="top-questions" title={t("dashboard.top.title")} head={[t("dashboard.top.question"), t("dashboard.top.count")]} empty={null}>
        {dashboard.topQuestions.map((row) => (
          <tr key={row.question}>
            <td className={`${cell} break-words`}>{row.question}</td>
            <td className={cell}>{f.integer(row.count)}</td>
          </tr>
        ))}
      </Table>
      <Table id="channels" title={t("dashboard.channels.title")} head={[t("dashboard.channels.site"), t("dashboard.kpi.questions"), t("dashboard.kpi.students")]} empty={null}>
        {dashboard.channels.map((row) => (
          <tr key={row.site ?? ""} data-channel={row.site ?? ""}>
            <td className={cell}>{row.site === null ? t("dashboard.channels.own") : t("dashboard.channels.widget", { site: row.site })}</td>
            <td className={cell}>{f.integer(row.questions)}</td>
            <td className={cell}>{f.integer(row.students)}</td>
          </tr>
        ))}
      </Table>
      <div className="lg:col-span-2">
        <Table
          id="errors"
          title={t("dashboard.errors.title")}
          head={[t("dashboard.errors.time"), t("dashboard.errors.course"), t("dashboard.errors.provider"), t("dashboard.errors.text")]}
          empty={dashboard.errors.latest.length === 0 ? t("dashboard.errors.none") : null}
        >
          {dashboard.errors.latest.map((row) => (
            <tr key={row.id}>
              <td className={`${cell} whitespace-nowrap`}>{f.dateTime(row.createdAt, dashboard.timeZone)}</td>
              <td className={cell}>{row.course}</td>
              <td className={cell}>{row.provider ?? t("dashboard.noValue")}</td>
              <td className={`${cell} break-words`}>{row.errorText ?? t("dashboard.noValue")}</td>
            </tr>
          ))}
        </Table>
      </div>
    </div>
  );
}
