import type { IncomingMessage, ServerResponse } from "node:http";
import { embed } from "../core/embedding/embed.js";
import { readJsonBody } from "./body.js";
import type { HttpContext } from "./context.js";
import { parseEmbeddingsRequest } from "./embeddings-request.js";
import { sendJson } from "./respond.js";

/** OpenAI's base64 format: the vector's float32 values as little-endian bytes. */
function toBase64(vector: Float32Array): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString("base64");
}

/** POST /v1/embeddings: OpenAI's answer, with TEI's timing headers. */
export async function handleEmbeddings({ sidecar, metrics }: HttpContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const started = performance.now();
  const { settings } = sidecar;
  const { request: asked, embeddings } = await embed(sidecar, async () => {
    const body = parseEmbeddingsRequest(await readJsonBody(request, settings.SIDECAR_MAX_BODY_BYTES), settings.SIDECAR_MAX_INPUTS_PER_REQUEST);
    return { input: body.input, inputType: body.input_type, truncate: body.truncate, dimensions: body.dimensions, format: body.encoding_format };
  });
  const data = embeddings.vectors.map((vector, index) => ({ object: "embedding", index, embedding: asked.format === "base64" ? toBase64(vector) : Array.from(vector) }));
  const totalMs = performance.now() - started;
  metrics.requestDuration.observe(totalMs / 1000);
  const { tokens } = embeddings;
  sendJson(
    response,
    200,
    { object: "list", data, model: embeddings.model, usage: { prompt_tokens: tokens, total_tokens: tokens } },
    {
      "x-total-time": totalMs.toFixed(3),
      "x-tokenization-time": embeddings.tokenizationMs.toFixed(3),
      "x-queue-time": embeddings.queueMs.toFixed(3),
      "x-inference-time": embeddings.inferenceMs.toFixed(3),
      "x-compute-tokens": String(tokens),
    },
  );
}
