import { getDb } from "@/lib/db/client";
import { countIngestionJobs } from "./job-counts";
import { createMetrics, type ChatAnswer, type Metrics } from "./registry";

// One registry per process. Next.js may load this module once per route bundle (and again on dev
// reloads), so it lives on globalThis, or each route would count into a registry nobody scrapes.
const globalForMetrics = globalThis as unknown as { courseAssistantMetrics?: Metrics };

export function getMetrics(): Metrics {
  globalForMetrics.courseAssistantMetrics ??= createMetrics(() => countIngestionJobs(getDb()));
  return globalForMetrics.courseAssistantMetrics;
}

/** For the chat code: counts an answer, its tokens, time to first token and duration, or its failure. */
export function recordChatAnswer(answer: ChatAnswer): void {
  getMetrics().recordChatAnswer(answer);
}

/** For the chat code: counts a question the model was not asked because a budget was spent. */
export function recordBudgetRefusal(budgets: string[]): void {
  getMetrics().recordBudgetRefusal(budgets);
}

/**
 * Runs a route handler and records its status and duration under a route pattern (not the URL, so
 * ids do not multiply the series), e.g. withRequestMetrics("/api/chat", request, () => handle(request)).
 */
export async function withRequestMetrics(route: string, request: Request, handle: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  let status = 500;
  try {
    const response = await handle();
    status = response.status;
    return response;
  } finally {
    getMetrics().observeRequest(route, request.method, status, (performance.now() - started) / 1000);
  }
}

/**
 * The route pattern of a request: each parameter's value back to its [name]. Next.js gives static
 * routes no params at all.
 */
export function routePattern(request: Request, params: Record<string, string> | undefined): string {
  const names = new Map(Object.entries(params ?? {}).map(([name, value]) => [value, `[${name}]`]));
  return new URL(request.url).pathname
    .split("/")
    .map((segment) => names.get(decodeURIComponent(segment)) ?? segment)
    .join("/");
}

export type { ChatAnswer } from "./registry";
