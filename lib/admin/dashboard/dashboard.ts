import { assertCourseAccess, type StaffIdentity } from "@/lib/auth/staff";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import {
  channels,
  daily,
  latestErrors,
  providers,
  topQuestions,
  totals,
  type AggregateScope,
  type ChannelRow,
  type DailyRow,
  type ErrorRow,
  type TopQuestionRow,
} from "./aggregates";
import { tokensUsedToday, type BudgetSettings, type BudgetUse } from "@/lib/rate-limit/token-budget";
import { estimateCost, priceFor, type TokenPrices } from "./cost";
import type { DashboardQuery } from "./query";

export type ProviderUsage = {
  provider: string;
  model: string | null;
  answers: number;
  promptTokens: number;
  completionTokens: number;
  /** USD; null when no price is configured for the provider. */
  estimatedCost: number | null;
};

export type Dashboard = {
  query: DashboardQuery;
  timeZone: string;
  daily: DailyRow[];
  questions: number;
  activeStudents: number;
  answers: number;
  /** Milliseconds to a tenth; null when no answer in the range recorded them. */
  ttft: { p50: number | null; p95: number | null };
  latency: { p50: number | null; p95: number | null };
  /** Answers by how they were produced, and each as a share (0–1) of all answers. */
  modes: { llm: number; faq: number; retrievalOnly: number; noAnswer: number };
  shares: { faq: number | null; retrievalOnly: number | null; noAnswer: number | null };
  feedback: { up: number; down: number; upShare: number | null };
  providers: ProviderUsage[];
  estimatedCost: number | null;
  /** Model tokens spent today (whatever the range) against the daily budget that applies, if any. */
  tokensToday: BudgetUse;
  topQuestions: TopQuestionRow[];
  channels: ChannelRow[];
  errors: { count: number; latest: ErrorRow[] };
};

export type DashboardDeps = { db: PrismaClient; prices: TokenPrices; budgets: Omit<BudgetSettings, "DASHBOARD_TIME_ZONE">; timeZone: string };

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

// percentile_cont interpolates in floating point (1806 comes back as 1805.9999999999998).
const tenthOfMs = (ms: number | null) => (ms === null ? null : Math.round(ms * 10) / 10);

/**
 * The dashboard's figures for a range, over the staff member's courses (admins: every course); a
 * course filter outside their courses is refused with 403.
 */
export async function loadDashboard({ db, prices, budgets, timeZone }: DashboardDeps, staff: StaffIdentity, query: DashboardQuery): Promise<Dashboard> {
  if (query.courseId !== undefined) assertCourseAccess(staff, query.courseId);
  // Staff with no course see an empty dashboard: "IN ()" is not SQL, so an id that matches nothing stands in.
  const courseIds = staff.role === "ADMIN" ? "all" : staff.courseIds.length > 0 ? staff.courseIds : [""];
  const scope: AggregateScope = { ...query, timeZone, courseIds };
  const budgetScope = query.courseId !== undefined ? [query.courseId] : courseIds;
  const [days, sums, usage, top, latest, byChannel, tokensToday] = await Promise.all([
    daily(db, scope),
    totals(db, scope),
    providers(db, scope),
    topQuestions(db, scope),
    latestErrors(db, scope),
    channels(db, scope),
    tokensUsedToday(db, { ...budgets, DASHBOARD_TIME_ZONE: timeZone }, budgetScope),
  ]);
  const providerUsage = usage.map((row) => ({ ...row, estimatedCost: estimateCost(priceFor(prices, row.provider, row.model), row.promptTokens, row.completionTokens) }));
  const costs = providerUsage.map((row) => row.estimatedCost).filter((cost): cost is number => cost !== null);
  return {
    query,
    timeZone,
    daily: days,
    questions: sums.questions,
    activeStudents: sums.students,
    answers: sums.answers,
    ttft: { p50: tenthOfMs(sums.ttftP50), p95: tenthOfMs(sums.ttftP95) },
    latency: { p50: tenthOfMs(sums.latencyP50), p95: tenthOfMs(sums.latencyP95) },
    modes: { llm: sums.llm, faq: sums.faq, retrievalOnly: sums.retrievalOnly, noAnswer: sums.noAnswer },
    shares: { faq: share(sums.faq, sums.answers), retrievalOnly: share(sums.retrievalOnly, sums.answers), noAnswer: share(sums.noAnswer, sums.answers) },
    feedback: { up: sums.up, down: sums.down, upShare: share(sums.up, sums.up + sums.down) },
    providers: providerUsage,
    estimatedCost: costs.length > 0 ? costs.reduce((sum, cost) => sum + cost, 0) : null,
    tokensToday,
    topQuestions: top,
    channels: byChannel,
    errors: { count: sums.failed, latest },
  };
}
