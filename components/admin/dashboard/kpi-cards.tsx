import type { Dashboard } from "@/lib/admin/dashboard/dashboard";
import { dashboardFormats } from "@/lib/admin/dashboard/format";
import { getI18n } from "@/lib/i18n/server";

type Kpi = { id: string; label: string; value: string; detail?: string };

function Card({ kpi }: { kpi: Kpi }) {
  return (
    <div data-kpi={kpi.id} className="rounded-xl border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-600">{kpi.label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{kpi.value}</dd>
      {kpi.detail ? <dd className="mt-1 text-xs text-slate-500">{kpi.detail}</dd> : null}
    </div>
  );
}

export async function KpiCards({ dashboard }: { dashboard: Dashboard }) {
  const { locale, t } = await getI18n();
  const f = dashboardFormats(locale);
  const ms = (value: number | null) => (value === null ? t("dashboard.noValue") : t("dashboard.ms", { value: f.ms(value) }));
  const ofAnswers = t("dashboard.ofAnswers", { count: dashboard.answers });
  const tokens = dashboard.tokensToday;
  const kpis: Kpi[] = [
    { id: "questions", label: t("dashboard.kpi.questions"), value: f.integer(dashboard.questions) },
    { id: "students", label: t("dashboard.kpi.students"), value: f.integer(dashboard.activeStudents) },
    { id: "ttft", label: t("dashboard.kpi.ttft"), value: ms(dashboard.ttft.p50), detail: t("dashboard.percentiles", { p50: ms(dashboard.ttft.p50), p95: ms(dashboard.ttft.p95) }) },
    { id: "latency", label: t("dashboard.kpi.latency"), value: ms(dashboard.latency.p50), detail: t("dashboard.percentiles", { p50: ms(dashboard.latency.p50), p95: ms(dashboard.latency.p95) }) },
    { id: "faq", label: t("dashboard.kpi.faq"), value: f.percent(dashboard.shares.faq), detail: `${f.integer(dashboard.modes.faq)} ${ofAnswers}` },
    { id: "retrieval-only", label: t("dashboard.kpi.retrievalOnly"), value: f.percent(dashboard.shares.retrievalOnly), detail: `${f.integer(dashboard.modes.retrievalOnly)} ${ofAnswers}` },
    { id: "no-answer", label: t("dashboard.kpi.noAnswer"), value: f.percent(dashboard.shares.noAnswer), detail: `${f.integer(dashboard.modes.noAnswer)} ${ofAnswers}` },
    { id: "feedback", label: t("dashboard.kpi.feedback"), value: f.percent(dashboard.feedback.upShare), detail: t("dashboard.feedbackCounts", { up: dashboard.feedback.up, down: dashboard.feedback.down }) },
    { id: "cost", label: t("dashboard.kpi.cost"), value: f.usd(dashboard.estimatedCost), detail: t("dashboard.costHint") },
    { id: "errors", label: t("dashboard.kpi.errors"), value: f.integer(dashboard.errors.count) },
    {
      id: "tokens-today",
      label: t("dashboard.kpi.tokensToday"),
      value: f.integer(tokens.used),
      detail:
        tokens.budget === null
          ? t("dashboard.noTokenBudget")
          : t("dashboard.tokensOfBudget", { used: f.integer(tokens.used), budget: f.integer(tokens.budget), share: f.percent(tokens.used / tokens.budget) }),
    },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {kpis.map((kpi) => (
        <Card key={kpi.id} kpi={kpi} />
      ))}
    </dl>
  );
}
