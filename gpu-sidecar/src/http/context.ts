import type { IncomingMessage, ServerResponse } from "node:http";
import type { Sidecar } from "../core/sidecar.js";
import type { HttpMetrics } from "./metrics.js";

/** What every route handler reads: the core's state and the HTTP layer's own metrics. */
export type HttpContext = { sidecar: Sidecar; metrics: HttpMetrics };

export type Handler = (context: HttpContext, request: IncomingMessage, response: ServerResponse) => Promise<void> | void;
