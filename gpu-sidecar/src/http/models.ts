import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpContext } from "./context.js";
import { sendJson } from "./respond.js";

/** GET /v1/models, OpenAI's model list: the embedding model and, when there is one, the chat model. */
export async function models({ sidecar }: HttpContext, _request: IncomingMessage, response: ServerResponse): Promise<void> {
  const entry = (id: string) => ({ id, object: "model", created: 0, owned_by: "course-assistant-sidecar" });
  const ids = [sidecar.engine?.model.manifest.id, await sidecar.chat?.host.describe().then((facts) => facts.id, () => undefined)];
  sendJson(response, 200, { object: "list", data: ids.filter((id) => id !== undefined).map(entry) });
}
