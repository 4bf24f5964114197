import type { Config } from "@/lib/config/load";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { todayIn } from "@/lib/admin/dashboard/query";

export type BudgetSettings = Pick<Config, "LLM_DAILY_TOKENS" | "LLM_COURSE_DAILY_TOKENS" | "DASHBOARD_TIME_ZONE">;

/** Tokens held for one answer while it streams; settled to what the model really used. */
export type TokenReservation = { scopes: string[]; day: string; tokens: number };

export type ReserveResult = { ok: true; reservation: TokenReservation } | { ok: false; spent: ("global" | "course")[] };

const GLOBAL = "global";
const courseScope = (courseId: string) => `course:${courseId}`;

/**
 * Holds `tokens` against today's global budget and the course's (its own setting, else
 * LLM_COURSE_DAILY_TOKENS), or nothing when either would be exceeded. The reservation is the most
 * the answer can cost, taken before the model is called and atomically across app instances
 * (token_budget_reserve), so concurrent answers cannot overshoot a budget together. Usage is kept
 * even without budgets: the dashboard shows it.
 */
export async function reserveTokens(db: PrismaClient, settings: BudgetSettings, courseId: string, tokens: number, now = new Date()): Promise<ReserveResult> {
  const day = todayIn(settings.DASHBOARD_TIME_ZONE, now);
  const scopes = [GLOBAL, courseScope(courseId)];
  const rows = await db.$queryRaw<{ spent: string[] }[]>`
    SELECT token_budget_reserve(
      ${scopes}::text[],
      ARRAY[${settings.LLM_DAILY_TOKENS ?? null}::bigint,
            coalesce((SELECT "dailyTokenBudget" FROM "Course" WHERE id = ${courseId})::bigint, ${settings.LLM_COURSE_DAILY_TOKENS ?? null}::bigint)],
      ${day}::date,
      ${tokens}::bigint) AS spent`;
  const spent = rows[0].spent;
  if (spent.length > 0) return { ok: false, spent: spent.map((scope) => (scope === GLOBAL ? "global" : "course")) };
  return { ok: true, reservation: { scopes, day, tokens } };
}

/** Replaces a reservation with what the answer really used (0 when the model was never reached). */
export async function settleTokens(db: PrismaClient, reservation: TokenReservation, used: number): Promise<void> {
  const delta = Math.round(used) - reservation.tokens;
  if (delta === 0) return;
  await db.$executeRaw`
    UPDATE "TokenUsage" SET "tokens" = greatest(0, "tokens" + ${delta}::bigint)
    WHERE "scope" = ANY(${reservation.scopes}::text[]) AND "day" = ${reservation.day}::date`;
}

export type BudgetUse = { used: number; budget: number | null };

/**
 * Tokens spent today, for the dashboard: in total ("all", against LLM_DAILY_TOKENS), in one course
 * (against its budget), or in several courses together (no single budget applies).
 */
export async function tokensUsedToday(db: PrismaClient, settings: BudgetSettings, courseIds: readonly string[] | "all", now = new Date()): Promise<BudgetUse> {
  const day = new Date(`${todayIn(settings.DASHBOARD_TIME_ZONE, now)}T00:00:00Z`);
  const scopes = courseIds === "all" ? [GLOBAL] : courseIds.map(courseScope);
  const rows = await db.tokenUsage.findMany({ where: { day, scope: { in: scopes } }, select: { tokens: true } });
  const used = rows.reduce((sum, row) => sum + Number(row.tokens), 0);
  if (courseIds === "all") return { used, budget: settings.LLM_DAILY_TOKENS ?? null };
  if (courseIds.length !== 1) return { used, budget: null };
  const course = await db.course.findUnique({ where: { id: courseIds[0] }, select: { dailyTokenBudget: true } });
  return { used, budget: course ? (course.dailyTokenBudget ?? settings.LLM_COURSE_DAILY_TOKENS ?? null) : null };
}
