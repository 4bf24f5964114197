import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { DashboardQuery } from "./query";

/** What the aggregates are computed over: a day range in a time zone and the courses to count. */
export type AggregateScope = DashboardQuery & { timeZone: string; courseIds: readonly string[] | "all" };

export type DailyRow = { day: string; questions: number; students: number };

export type TotalsRow = {
  questions: number;
  students: number;
  answers: number;
  llm: number;
  faq: number;
  retrievalOnly: number;
  noAnswer: number;
  failed: number;
  ttftP50: number | null;
  ttftP95: number | null;
  latencyP50: number | null;
  latencyP95: number | null;
  up: number;
  down: number;
};

export type ProviderRow = { provider: string; model: string | null; answers: number; promptTokens: number; completionTokens: number };
export type TopQuestionRow = { question: string; count: number };
/** Where questions came from: the assistant's own site (site null) or a widget site. */
export type ChannelRow = { site: string | null; questions: number; students: number };
export type ErrorRow = { id: string; createdAt: string; course: string; provider: string | null; errorText: string | null };

// Timestamps are stored as UTC without a zone; these turn a calendar day of the dashboard's zone
// into UTC bounds (index-friendly) and a stored timestamp into its day in that zone.
const localDay = (scope: AggregateScope, column: Prisma.Sql) => Prisma.sql`((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${scope.timeZone})::date`;
const startOfDay = (scope: AggregateScope, day: Prisma.Sql) => Prisma.sql`((${day})::timestamp AT TIME ZONE ${scope.timeZone}) AT TIME ZONE 'UTC'`;

/** Messages of the range, in the courses of the scope (and of the filter), joined to their chat `c`. */
function where(scope: AggregateScope): Prisma.Sql {
  const courses =
    scope.courseId !== undefined
      ? Prisma.sql`AND c."courseId" = ${scope.courseId}`
      : scope.courseIds === "all"
        ? Prisma.empty
        : Prisma.sql`AND c."courseId" IN (${Prisma.join(scope.courseIds)})`;
  return Prisma.sql`
    m."createdAt" >= ${startOfDay(scope, Prisma.sql`${scope.from}::date`)}
    AND m."createdAt" < ${startOfDay(scope, Prisma.sql`${scope.to}::date + 1`)}
    ${courses}`;
}

// A student is a signed-in user or, for anonymous ones, their browser's visitor id.
const student = Prisma.sql`coalesce('u:' || c."userId", 'v:' || c."visitorId")`;

export function daily(db: PrismaClient, scope: AggregateScope): Promise<DailyRow[]> {
  return db.$queryRaw<DailyRow[]>`
    WITH counted AS (
      SELECT ${localDay(scope, Prisma.sql`m."createdAt"`)} AS day, count(*)::int AS questions, count(DISTINCT ${student})::int AS students
      FROM "Message" m JOIN "Chat" c ON c.id = m."chatId"
      WHERE m.role = 'USER' AND ${where(scope)}
      GROUP BY 1
    )
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, coalesce(counted.questions, 0) AS questions, coalesce(counted.students, 0) AS students
    FROM generate_series(${scope.from}::date, ${scope.to}::date, interval '1 day') AS d(day)
    LEFT JOIN counted ON counted.day = d.day::date
    ORDER BY d.day`;
}

export async function totals(db: PrismaClient, scope: AggregateScope): Promise<TotalsRow> {
  const answer = Prisma.sql`m.role = 'ASSISTANT'`;
  const [row] = await db.$queryRaw<TotalsRow[]>`
    SELECT
      count(*) FILTER (WHERE m.role = 'USER')::int AS questions,
      count(DISTINCT ${student}) FILTER (WHERE m.role = 'USER')::int AS students,
      count(*) FILTER (WHERE ${answer})::int AS answers,
      count(*) FILTER (WHERE ${answer} AND m."answerMode" = 'LLM')::int AS llm,
      count(*) FILTER (WHERE ${answer} AND m."answerMode" = 'FAQ')::int AS faq,
      count(*) FILTER (WHERE ${answer} AND m."answerMode" = 'RETRIEVAL_ONLY')::int AS "retrievalOnly",
      count(*) FILTER (WHERE ${answer} AND m."answerMode" = 'NO_ANSWER')::int AS "noAnswer",
      count(*) FILTER (WHERE ${answer} AND m.status = 'FAILED')::int AS failed,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY m."ttftMs") FILTER (WHERE ${answer}) AS "ttftP50",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY m."ttftMs") FILTER (WHERE ${answer}) AS "ttftP95",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY m."latencyMs") FILTER (WHERE ${answer}) AS "latencyP50",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY m."latencyMs") FILTER (WHERE ${answer}) AS "latencyP95",
      count(f.id) FILTER (WHERE f.rating = 'UP')::int AS up,
      count(f.id) FILTER (WHERE f.rating = 'DOWN')::int AS down
    FROM "Message" m
    JOIN "Chat" c ON c.id = m."chatId"
    LEFT JOIN "Feedback" f ON f."messageId" = m.id
    WHERE ${where(scope)}`;
  return row;
}

export function providers(db: PrismaClient, scope: AggregateScope): Promise<ProviderRow[]> {
  return db.$queryRaw<ProviderRow[]>`
    SELECT m.provider, m.model, count(*)::int AS answers,
      coalesce(sum(m."promptTokens"), 0)::float8 AS "promptTokens",
      coalesce(sum(m."completionTokens"), 0)::float8 AS "completionTokens"
    FROM "Message" m JOIN "Chat" c ON c.id = m."chatId"
    WHERE m.role = 'ASSISTANT' AND m.provider IS NOT NULL AND ${where(scope)}
    GROUP BY m.provider, m.model
    ORDER BY m.provider, m.model`;
}

export function channels(db: PrismaClient, scope: AggregateScope): Promise<ChannelRow[]> {
  return db.$queryRaw<ChannelRow[]>`
    SELECT w.name AS site, count(*)::int AS questions, count(DISTINCT ${student})::int AS students
    FROM "Message" m JOIN "Chat" c ON c.id = m."chatId" LEFT JOIN "WidgetSite" w ON w.id = c."widgetSiteId"
    WHERE m.role = 'USER' AND ${where(scope)}
    GROUP BY w.id, w.name
    ORDER BY questions DESC, w.name NULLS FIRST`;
}

/** The most asked questions, compared case-, space- and trailing-punctuation-insensitively. */
export function topQuestions(db: PrismaClient, scope: AggregateScope, limit = 10): Promise<TopQuestionRow[]> {
  return db.$queryRaw<TopQuestionRow[]>`
    SELECT question, count(*)::int AS count
    FROM (
      SELECT lower(regexp_replace(regexp_replace(btrim(m.text), '[[:space:]]+', ' ', 'g'), '[[:space:][:punct:]]+$', '')) AS question
      FROM "Message" m JOIN "Chat" c ON c.id = m."chatId"
      WHERE m.role = 'USER' AND ${where(scope)}
    ) normalised
    WHERE question <> ''
    GROUP BY question
    ORDER BY count DESC, question
    LIMIT ${limit}`;
}

export function latestErrors(db: PrismaClient, scope: AggregateScope, limit = 10): Promise<ErrorRow[]> {
  return db.$queryRaw<ErrorRow[]>`
    SELECT m.id, to_char(m."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", co.title AS course, m.provider, m."errorText"
    FROM "Message" m JOIN "Chat" c ON c.id = m."chatId" JOIN "Course" co ON co.id = c."courseId"
    WHERE m.role = 'ASSISTANT' AND m.status = 'FAILED' AND ${where(scope)}
    ORDER BY m."createdAt" DESC, m.id
    LIMIT ${limit}`;
}
