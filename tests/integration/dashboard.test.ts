import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadDashboard, type DashboardDeps } from "@/lib/admin/dashboard/dashboard";
import { parseDashboardQuery, todayIn } from "@/lib/admin/dashboard/query";
import type { StaffIdentity } from "@/lib/auth/staff";
import { createPrismaClient } from "@/lib/db/client";
import type { AnswerMode, MessageStatus, Rating } from "@/lib/generated/prisma/client";
import { HttpError } from "@/lib/http/errors";

const db = createPrismaClient(inject("databaseUrl"));
const stamp = Date.now();
const id = (name: string) => `dash_${stamp}_${name}`;
const COURSE_A = id("course_a");
const COURSE_B = id("course_b");

const prices = { gemini: { input: 0.3, output: 2.5 }, "openai/gpt-4.1-mini": { input: 0.4, output: 1.6 } };
const deps = (timeZone = "UTC"): DashboardDeps => ({ db, prices, timeZone, budgets: { LLM_DAILY_TOKENS: 1_000_000, LLM_COURSE_DAILY_TOKENS: 50_000 } });
const admin: StaffIdentity = { role: "ADMIN", userId: id("admin"), email: "admin@uni.ru", name: null, courseIds: [] };
const staffOfA: StaffIdentity = { role: "STAFF", userId: id("staff"), email: "ta@uni.ru", name: null, courseIds: [COURSE_A] };
const staffOfNone: StaffIdentity = { ...staffOfA, courseIds: [] };

type Answer = {
  mode?: AnswerMode;
  status?: MessageStatus;
  provider?: string;
  model?: string;
  promptTokens?: number;
  completionTokens?: number;
  ttftMs?: number;
  latencyMs?: number;
  errorText?: string;
  rating?: Rating;
};

let sequence = 0;

/** A chat with questions asked at the given UTC times, each followed a second later by its answer (if any). */
async function chat(courseId: string, who: { visitorId?: string; userId?: string; widgetSiteId?: string }, turns: { at: string; question: string; answer?: Answer }[]) {
  const chatId = id(`chat_${++sequence}`);
  await db.chat.create({ data: { id: chatId, courseId, ...who, title: turns[0].question, createdAt: new Date(turns[0].at) } });
  for (const turn of turns) {
    const asked = new Date(turn.at);
    await db.message.create({ data: { id: id(`q_${++sequence}`), chatId, role: "USER", text: turn.question, createdAt: asked } });
    if (!turn.answer) continue;
    const { mode, rating, status, ...fields } = turn.answer;
    const answerId = id(`a_${++sequence}`);
    await db.message.create({
      data: { id: answerId, chatId, role: "ASSISTANT", text: "…", answerMode: mode, status: status ?? "COMPLETE", ...fields, createdAt: new Date(asked.getTime() + 1000) },
    });
    if (rating) await db.feedback.create({ data: { messageId: answerId, rating, visitorId: who.visitorId, userId: who.userId } });
  }
}

const query = (params: Record<string, string>) => parseDashboardQuery(params, "UTC");
const MARCH = { from: "2024-03-01", to: "2024-03-04" };

beforeAll(async () => {
  await db.course.createMany({
    data: [
      { id: COURSE_A, slug: id("a"), title: "Операционные системы" },
      { id: COURSE_B, slug: id("b"), title: "История" },
    ],
  });
  await db.user.create({ data: { id: id("u1"), role: "STUDENT" } });
  await db.visitor.createMany({ data: ["v1", "v2", "v3", "v4"].map((v) => ({ id: id(v) })) });
  const v = (name: string) => ({ visitorId: id(name) });
  const gemini = { provider: "gemini", model: "gemini-2.5-flash" };
  const vllm = { provider: "vllm", model: "qwen" };

  // Course A, day 1: visitor v1 asks twice (LLM answer liked, then a FAQ fast-path), user u1 once (disliked).
  await chat(COURSE_A, v("v1"), [
    { at: "2024-03-01T10:00:00Z", question: "Когда экзамен?", answer: { mode: "LLM", ...gemini, promptTokens: 1000, completionTokens: 200, ttftMs: 100, latencyMs: 1000, rating: "UP" } },
    { at: "2024-03-01T10:05:00Z", question: "  когда   ЭКЗАМЕН ", answer: { mode: "FAQ", ttftMs: 10, latencyMs: 20 } },
  ]);
  await chat(COURSE_A, { userId: id("u1") }, [
    { at: "2024-03-01T11:00:00Z", question: "Что такое процесс?", answer: { mode: "LLM", ...gemini, promptTokens: 3000, completionTokens: 600, ttftMs: 300, latencyMs: 3000, rating: "DOWN" } },
  ]);
  // Day 2: v1 again in a new chat: a retrieval-only answer, then a failure.
  await chat(COURSE_A, v("v1"), [
    { at: "2024-03-02T09:00:00Z", question: "Когда экзамен!", answer: { mode: "RETRIEVAL_ONLY", latencyMs: 50 } },
    { at: "2024-03-02T09:10:00Z", question: "Где лекции?", answer: { status: "FAILED", ...vllm, errorText: "LLM timed out" } },
  ]);
  // Day 3 has nothing; day 4: v2 gets no answer, then an LLM answer from a model without a price.
  await chat(COURSE_A, v("v2"), [
    { at: "2024-03-04T08:00:00Z", question: "Где лекции", answer: { mode: "NO_ANSWER", latencyMs: 40 } },
    { at: "2024-03-04T08:30:00Z", question: "Расписание?", answer: { mode: "LLM", ...vllm, promptTokens: 500, completionTokens: 100, ttftMs: 200, latencyMs: 2000 } },
  ]);
  // Late on 29 February in UTC, but already 1 March in Moscow.
  await chat(COURSE_A, v("v4"), [{ at: "2024-02-29T23:30:00Z", question: "Ранний вопрос" }]);
  // Course B, which the staff member does not teach.
  await chat(COURSE_B, v("v3"), [
    { at: "2024-03-01T12:00:00Z", question: "Что такое процесс", answer: { mode: "LLM", provider: "openai", model: "gpt-4.1-mini", promptTokens: 2000, completionTokens: 400, ttftMs: 400, latencyMs: 4000 } },
  ]);
});

afterAll(async () => {
  await db.tokenUsage.deleteMany({ where: { scope: { in: [`course:${COURSE_A}`, `course:${COURSE_B}`] } } });
  await db.course.deleteMany({ where: { id: { in: [COURSE_A, COURSE_B] } } });
  await db.$disconnect();
});

describe("dashboard aggregates", () => {
  it("computes every figure of a staff member's course from the seeded data", async () => {
    const dashboard = await loadDashboard(deps(), staffOfA, query(MARCH));
    expect(dashboard.daily).toEqual([
      { day: "2024-03-01", questions: 3, students: 2 },
      { day: "2024-03-02", questions: 2, students: 1 },
      { day: "2024-03-03", questions: 0, students: 0 },
      { day: "2024-03-04", questions: 2, students: 1 },
    ]);
    expect(dashboard).toMatchObject({ questions: 7, activeStudents: 3, answers: 7 });
    // TTFT 10, 100, 200, 300: p50 = 100 + 0.5·100, p95 = 200 + 0.85·100 (linear interpolation).
    expect(dashboard.ttft).toEqual({ p50: 150, p95: 285 });
    // Latency 20, 40, 50, 1000, 2000, 3000: p50 = 50 + 0.5·950, p95 = 2000 + 0.75·1000.
    expect(dashboard.latency).toEqual({ p50: 525, p95: 2750 });
    expect(dashboard.modes).toEqual({ llm: 3, faq: 1, retrievalOnly: 1, noAnswer: 1 });
    expect(dashboard.shares).toEqual({ faq: 1 / 7, retrievalOnly: 1 / 7, noAnswer: 1 / 7 });
    expect(dashboard.feedback).toEqual({ up: 1, down: 1, upShare: 0.5 });
    expect(dashboard.providers).toEqual([
      // (4000 · 0.3 + 800 · 2.5) / 1e6 USD
      { provider: "gemini", model: "gemini-2.5-flash", answers: 2, promptTokens: 4000, completionTokens: 800, estimatedCost: 0.0032 },
      { provider: "vllm", model: "qwen", answers: 2, promptTokens: 500, completionTokens: 100, estimatedCost: null },
    ]);
    expect(dashboard.estimatedCost).toBe(0.0032);
    expect(dashboard.topQuestions).toEqual([
      { question: "когда экзамен", count: 3 },
      { question: "где лекции", count: 2 },
      { question: "расписание", count: 1 },
      { question: "что такое процесс", count: 1 },
    ]);
    expect(dashboard.errors).toEqual({
      count: 1,
      latest: [{ id: expect.any(String), createdAt: "2024-03-02T09:10:01.000Z", course: "Операционные системы", provider: "vllm", errorText: "LLM timed out" }],
    });
  });

  it("gives admins every course, and narrows to one with the course filter", async () => {
    const all = await loadDashboard(deps(), admin, query(MARCH));
    expect(all.daily[0]).toEqual({ day: "2024-03-01", questions: 4, students: 3 });
    expect(all).toMatchObject({ questions: 8, activeStudents: 4, answers: 8 });
    expect(all.providers.map((p) => [p.provider, p.estimatedCost])).toEqual([
      ["gemini", 0.0032],
      // (2000 · 0.4 + 400 · 1.6) / 1e6: the provider/model price applies.
      ["openai", 0.00144],
      ["vllm", null],
    ]);
    expect(all.estimatedCost).toBeCloseTo(0.00464, 10);
    expect(all.topQuestions.slice(0, 3)).toEqual([
      { question: "когда экзамен", count: 3 },
      { question: "где лекции", count: 2 },
      { question: "что такое процесс", count: 2 },
    ]);

    const onlyB = await loadDashboard(deps(), admin, query({ ...MARCH, courseId: COURSE_B }));
    expect(onlyB).toMatchObject({ questions: 1, activeStudents: 1, ttft: { p50: 400, p95: 400 }, feedback: { up: 0, down: 0, upShare: null } });
    expect(onlyB.errors).toEqual({ count: 0, latest: [] });
  });

  it("refuses staff a course filter outside their courses, and shows staff without courses nothing", async () => {
    const refused = await loadDashboard(deps(), staffOfA, query({ ...MARCH, courseId: COURSE_B })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(403);

    const empty = await loadDashboard(deps(), staffOfNone, query(MARCH));
    expect(empty).toMatchObject({ questions: 0, activeStudents: 0, answers: 0, ttft: { p50: null, p95: null }, providers: [], estimatedCost: null, topQuestions: [] });
    expect(empty.shares).toEqual({ faq: null, retrievalOnly: null, noAnswer: null });
    expect(empty.daily.map((d) => d.questions)).toEqual([0, 0, 0, 0]);
  });

  it("splits questions by channel: the assistant's own site and each widget site", async () => {
    expect((await loadDashboard(deps(), staffOfA, query(MARCH))).channels).toEqual([{ site: null, questions: 7, students: 3 }]);
    const site = await db.widgetSite.create({ data: { id: id("site"), key: id("ws"), name: "Moodle", courseId: COURSE_A, secret: "s" } });
    await chat(COURSE_A, { userId: id("u1"), widgetSiteId: site.id }, [
      { at: "2024-04-01T10:00:00Z", question: "Вопрос из LMS" },
      { at: "2024-04-01T10:01:00Z", question: "Ещё вопрос из LMS" },
    ]);
    await chat(COURSE_A, { visitorId: id("v2") }, [{ at: "2024-04-01T11:00:00Z", question: "Вопрос на сайте" }]);
    const april = await loadDashboard(deps(), staffOfA, query({ from: "2024-04-01", to: "2024-04-01" }));
    expect(april.channels).toEqual([
      { site: "Moodle", questions: 2, students: 1 },
      { site: null, questions: 1, students: 1 },
    ]);
  });

  it("shows today's model tokens against the daily budget that applies: the course's, else the global one", async () => {
    const day = new Date(`${todayIn("UTC")}T00:00:00Z`);
    await db.tokenUsage.createMany({ data: [{ scope: `course:${COURSE_A}`, day, tokens: 1234 }, { scope: `course:${COURSE_B}`, day, tokens: 100 }] });
    const range = query({ from: "2024-03-01", to: "2024-03-01", courseId: COURSE_A });
    expect((await loadDashboard(deps(), admin, range)).tokensToday).toEqual({ used: 1234, budget: 50_000 });
    await db.course.update({ where: { id: COURSE_A }, data: { dailyTokenBudget: 9000 } });
    expect((await loadDashboard(deps(), staffOfA, query(MARCH))).tokensToday).toEqual({ used: 1234, budget: 9000 });
    expect((await loadDashboard(deps(), admin, query(MARCH))).tokensToday.budget).toBe(1_000_000);
    expect((await loadDashboard(deps(), staffOfNone, query(MARCH))).tokensToday).toEqual({ used: 0, budget: null });
  });

  it("counts days in the configured time zone", async () => {
    const moscow = await loadDashboard(deps("Europe/Moscow"), admin, query({ from: "2024-03-01", to: "2024-03-01", courseId: COURSE_A }));
    // The 23:30 UTC question of 29 February is 02:30 on 1 March in Moscow.
    expect(moscow.daily).toEqual([{ day: "2024-03-01", questions: 4, students: 3 }]);
  });
});

describe("dashboard query", () => {
  const now = new Date("2024-03-15T22:00:00Z");

  it("defaults to the last 30 days up to today in the time zone, and treats an empty course as all", () => {
    expect(parseDashboardQuery({ courseId: "" }, "UTC", now)).toEqual({ from: "2024-02-15", to: "2024-03-15" });
    expect(parseDashboardQuery(new URLSearchParams("courseId=c1"), "Europe/Moscow", now)).toEqual({ from: "2024-02-16", to: "2024-03-16", courseId: "c1" });
    expect(parseDashboardQuery({ from: "2024-01-01" }, "UTC", now)).toEqual({ from: "2024-01-01", to: "2024-01-30" });
  });

  it("refuses malformed dates, reversed and overlong ranges", () => {
    expect(() => parseDashboardQuery({ from: "01.03.2024" }, "UTC")).toThrow(/YYYY-MM-DD/);
    expect(() => parseDashboardQuery({ from: "2024-03-02", to: "2024-03-01" }, "UTC")).toThrow(/before from/);
    expect(() => parseDashboardQuery({ from: "2023-01-01", to: "2024-03-01" }, "UTC")).toThrow(/at most 366/);
  });
});
