"use client";

import type { ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Dashboard } from "@/lib/admin/dashboard/dashboard";
import { dashboardFormats } from "@/lib/admin/dashboard/format";
import { useI18n } from "@/lib/i18n/client";
import { DataTable } from "./data-table";

type Props = { daily: Dashboard["daily"]; modes: Dashboard["modes"]; providers: Dashboard["providers"] };

const AXIS_TICK = { fontSize: 12 };

/**
 * Grid, axes and tooltip shared by the bar charts (Recharts takes them as direct children). Bars
 * run sideways so long category names stay readable on a phone.
 */
function barChartFrame(categoryKey: string, formatValue?: (value: number) => string) {
  return [
    <CartesianGrid key="grid" strokeDasharray="3 3" stroke="#e2e8f0" />,
    <XAxis key="x" type="number" allowDecimals={false} tick={AXIS_TICK} tickFormatter={formatValue} />,
    <YAxis key="y" type="category" dataKey={categoryKey} tick={AXIS_TICK} width={120} />,
    <Tooltip key="tooltip" formatter={formatValue ? (value) => formatValue(Number(value)) : undefined} />,
  ];
}

const COLORS = { primary: "oklch(0.52 0.17 255)", secondary: "oklch(0.7 0.15 160)", tertiary: "oklch(0.75 0.15 70)" };

/** A chart with its caption and, for keyboard and screen-reader users, its figures as a table. */
function ChartFigure({ id, title, tableLabel, head, rows, children }: { id: string; title: string; tableLabel: string; head: string[]; rows: (string | number)[][]; children: ReactNode }) {
  return (
    <figure data-chart={id} className="min-w-0 rounded-xl border border-slate-200 bg-white p-4">
      <figcaption className="mb-3 font-medium text-slate-800">{title}</figcaption>
      <div className="h-64" aria-hidden="true">
        {children}
      </div>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-brand-700">{tableLabel}</summary>
        <DataTable head={head} className="mt-2 w-full text-left">
          {rows.map((row) => (
            <tr key={String(row[0])} className="border-t border-slate-100">
              {row.map((cell, n) => (
                <td key={n} className="py-1 pr-3">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </DataTable>
      </details>
    </figure>
  );
}

export function DashboardCharts({ daily, modes, providers }: Props) {
  const { locale, t } = useI18n();
  const f = dashboardFormats(locale);
  const days = daily.map((d) => ({ ...d, label: f.day(d.day) }));
  const modeRows = [
    { mode: t("dashboard.mode.LLM"), answers: modes.llm },
    { mode: t("dashboard.mode.FAQ"), answers: modes.faq },
    { mode: t("dashboard.mode.RETRIEVAL_ONLY"), answers: modes.retrievalOnly },
    { mode: t("dashboard.mode.NO_ANSWER"), answers: modes.noAnswer },
  ];
  const tokenRows = providers.map((p) => ({ name: p.model ? `${p.provider} / ${p.model}` : p.provider, input: p.promptTokens, output: p.completionTokens }));
  const label = { questions: t("dashboard.series.questions"), students: t("dashboard.series.students"), answers: t("dashboard.series.answers"), input: t("dashboard.series.input"), output: t("dashboard.series.output") };
  const tableLabel = t("dashboard.chart.table");
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      <div className="lg:col-span-2">
        <ChartFigure id="daily" title={t("dashboard.chart.daily")} tableLabel={tableLabel} head={[t("dashboard.series.day"), label.questions, label.students]} rows={days.map((d) => [d.label, d.questions, d.students])}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={days} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="label" tick={AXIS_TICK} minTickGap={16} />
              <YAxis allowDecimals={false} tick={AXIS_TICK} />
              <Tooltip />
              <Legend />
              <Line type="linear" dataKey="questions" name={label.questions} stroke={COLORS.primary} strokeWidth={2} isAnimationActive={false} />
              <Line type="linear" dataKey="students" name={label.students} stroke={COLORS.secondary} strokeWidth={2} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </ChartFigure>
      </div>
      <ChartFigure id="modes" title={t("dashboard.chart.modes")} tableLabel={tableLabel} head={[t("dashboard.chart.modes"), label.answers]} rows={modeRows.map((m) => [m.mode, m.answers])}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={modeRows} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            {barChartFrame("mode")}
            <Bar dataKey="answers" name={label.answers} fill={COLORS.primary} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>
      <ChartFigure id="tokens" title={t("dashboard.chart.tokens")} tableLabel={tableLabel} head={[t("dashboard.providers.provider"), label.input, label.output]} rows={tokenRows.map((p) => [p.name, f.integer(p.input), f.integer(p.output)])}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={tokenRows} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            {barChartFrame("name", f.integer)}
            <Legend />
            <Bar dataKey="input" name={label.input} stackId="tokens" fill={COLORS.primary} isAnimationActive={false} />
            <Bar dataKey="output" name={label.output} stackId="tokens" fill={COLORS.tertiary} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartFigure>
    </div>
  );
}
