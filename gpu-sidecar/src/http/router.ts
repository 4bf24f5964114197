import type { IncomingMessage, ServerResponse } from "node:http";
import { log } from "../log.js";
import { ApiError } from "./api-error.js";
import { handleChatCompletions } from "./chat-completions.js";
import type { Handler, HttpContext } from "./context.js";
import { handleEmbeddings } from "./embeddings.js";
import { apiErrorOf } from "./error-status.js";
import { health } from "./health.js";
import { info } from "./info.js";
import { serveMetrics } from "./metrics.js";
import { models } from "./models.js";
import { sendJson } from "./respond.js";

const routes: Record<string, Partial<Record<string, Handler>>> = {
  "/v1/embeddings": { POST: handleEmbeddings },
  "/v1/chat/completions": { POST: handleChatCompletions },
  "/v1/models": { GET: models },
  "/health": { GET: health },
  "/info": { GET: info },
  "/metrics": { GET: serveMetrics },
};

/** Routes a request and turns any failure into an OpenAI-style error body. */
export async function dispatch(context: HttpContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { metrics } = context;
  const path = (request.url ?? "/").split("?")[0]!;
  const methods = routes[path];
  response.on("finish", () => metrics.requests.inc({ route: methods ? path : "other", status: String(response.statusCode) }));
  try {
    const handler = methods?.[request.method ?? "GET"];
    if (!methods) throw new ApiError(404, "invalid_request_error", `no route ${path}`);
    if (!handler) throw new ApiError(405, "invalid_request_error", `${request.method} is not allowed on ${path}`, null, { allow: Object.keys(methods).join(", ") });
    await handler(context, request, response);
  } catch (error) {
    const known = apiErrorOf(error);
    const apiError = known ?? new ApiError(500, "server_error", "internal server error");
    if (apiError.status >= 500) log("error", apiError.message, { path, cause: !known && error instanceof Error ? error.message : undefined });
    metrics.errors.inc({ type: apiError.type });
    if (response.headersSent) response.destroy();
    else sendJson(response, apiError.status, apiError.toBody(), apiError.headers);
  }
}
