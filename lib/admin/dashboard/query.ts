import { z } from "zod";

export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;

const DAY_MS = 86_400_000;

const isoDay = z.iso.date({ error: "must be a date as YYYY-MM-DD" });

/** An inclusive range of calendar days (in the dashboard's time zone) and an optional course. */
export type DashboardQuery = { from: string; to: string; courseId?: string };

/** Today's calendar date in a time zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now = new Date()): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

const blankAsMissing = (value: unknown) => (value === "" ? undefined : value);

/**
 * The dashboard's query-string schema. Missing dates mean the last 30 days up to today; an empty
 * courseId (the "all courses" choice of the filter form) means no course filter.
 */
export function dashboardQuery(timeZone: string, now = new Date()) {
  return z
    .object({
      from: z.preprocess(blankAsMissing, isoDay.optional()),
      to: z.preprocess(blankAsMissing, isoDay.optional()),
      courseId: z.preprocess((value) => (typeof value === "string" ? blankAsMissing(value.trim()) : value), z.string().trim().min(1).max(100).optional()),
    })
    .transform(({ from, to, courseId }) => {
      const end = to ?? (from ? addDays(from, DEFAULT_RANGE_DAYS - 1) : todayIn(timeZone, now));
      return { from: from ?? addDays(end, -(DEFAULT_RANGE_DAYS - 1)), to: end, ...(courseId ? { courseId } : {}) };
    })
    .superRefine((query, ctx) => {
      const days = daysBetween(query.from, query.to);
      if (days < 1) ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
      if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: `must be at most ${MAX_RANGE_DAYS} days after from` });
    });
}

/** Validates the dashboard's query string (see dashboardQuery). */
export function parseDashboardQuery(params: URLSearchParams | Record<string, string | undefined>, timeZone: string, now = new Date()): DashboardQuery {
  const get = (key: string) => (params instanceof URLSearchParams ? (params.get(key) ?? undefined) : params[key]);
  return dashboardQuery(timeZone, now).parse({ from: get("from"), to: get("to"), courseId: get("courseId") });
}
