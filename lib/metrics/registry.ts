import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { AnswerMode, SearchMode } from "@/lib/generated/prisma/client";

/** Ingestion jobs by status, read from the jobs table when Prometheus scrapes. */
export type JobCounts = { queued: number; running: number; failed: number };

/** One finished (or failed) chat answer, as the chat route knows it once the stream ends. */
export type ChatAnswer = {
  /** "none" for answers that used no LLM (FAQ fast path, retrieval-only). */
  provider: string;
  model: string | null;
  mode: AnswerMode | null;
  /** How its passages were found; LEXICAL: without dense search (no embedder, or not calibrated for it). */
  search: SearchMode | null;
  promptTokens?: number | null;
  completionTokens?: number | null;
  ttftMs?: number | null;
  latencyMs?: number | null;
  failed: boolean;
};

// Seconds; chat answers stream for tens of seconds, admin routes answer in milliseconds.
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const ANSWER_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120];

export type Metrics = ReturnType<typeof createMetrics>;

/** A registry with the app's metrics and the process's default ones. */
export function createMetrics(countJobs: () => Promise<JobCounts>) {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({ name: "http_requests_total", help: "HTTP requests answered, by route pattern, method and status.", labelNames: ["route", "method", "status"], registers });
  const requestSeconds = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time until the response (for streams: until its headers), by route pattern, method and status.",
    labelNames: ["route", "method", "status"],
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const answers = new Counter({ name: "chat_answers_total", help: "Chat answers, by how they were produced and by provider.", labelNames: ["mode", "provider"], registers });
  const lexicalOnly = new Counter({
    name: "chat_lexical_only_answers_total",
    help: "Chat answers whose search ran on the lexical index alone (embedder down or slow, or the course not calibrated for its model).",
    registers,
  });
  const budgetRefusals = new Counter({
    name: "chat_budget_refusals_total",
    help: "Questions answered with quoted passages instead of the model because a daily token budget was spent, by budget (global or course).",
    labelNames: ["budget"],
    registers,
  });
  const answerErrors = new Counter({ name: "chat_answer_errors_total", help: "Chat answers that failed, by provider.", labelNames: ["provider"], registers });
  const tokens = new Counter({ name: "llm_tokens_total", help: "LLM tokens, by provider, model and direction (input or output).", labelNames: ["provider", "model", "direction"], registers });
  const ttft = new Histogram({ name: "chat_time_to_first_token_seconds", help: "Time to the first token of a chat answer, by provider.", labelNames: ["provider"], buckets: ANSWER_BUCKETS, registers });
  const answerSeconds = new Histogram({ name: "chat_answer_duration_seconds", help: "Time to the whole chat answer, by provider.", labelNames: ["provider"], buckets: ANSWER_BUCKETS, registers });

  new Gauge({
    name: "ingestion_jobs",
    help: "Ingestion jobs queued, running and failed, read from the database at scrape time.",
    labelNames: ["status"],
    registers,
    async collect() {
      // A database outage must not take the rest of the scrape down; the series go missing instead.
      this.reset();
      try {
        const counts = await countJobs();
        for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
      } catch (error) {
        console.error("metrics: could not count ingestion jobs:", error);
      }
    },
  });

  return {
    registry,
    observeRequest(route: string, method: string, status: number, seconds: number) {
      const labels = { route, method, status: String(status) };
      requests.inc(labels);
      requestSeconds.observe(labels, seconds);
    },
    recordBudgetRefusal(budgets: string[]) {
      for (const budget of budgets) budgetRefusals.inc({ budget });
    },
    recordChatAnswer(answer: ChatAnswer) {
      const { provider } = answer;
      if (answer.failed) answerErrors.inc({ provider });
      else answers.inc({ mode: answer.mode ?? "unknown", provider });
      if (answer.search === "LEXICAL") lexicalOnly.inc();
      const model = answer.model ?? "unknown";
      if (answer.promptTokens) tokens.inc({ provider, model, direction: "input" }, answer.promptTokens);
      if (answer.completionTokens) tokens.inc({ provider, model, direction: "output" }, answer.completionTokens);
      if (answer.ttftMs != null) ttft.observe({ provider }, answer.ttftMs / 1000);
      if (answer.latencyMs != null) answerSeconds.observe({ provider }, answer.latencyMs / 1000);
    },
  };
}
