import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpContext } from "./context.js";
import { sendJson } from "./respond.js";

/** GET /health: ready means the embedding model serves; the chat model's own state (it loads on demand) is told beside it. */
export function health({ sidecar }: HttpContext, _request: IncomingMessage, response: ServerResponse): void {
  const chat = sidecar.chat ? { chat: sidecar.chat.host.status } : {};
  sendJson(response, sidecar.phase === "ready" ? 200 : 503, { status: sidecar.phase, ...chat });
}
