import type { IncomingMessage } from "node:http";
import { messageOf } from "../core/errors.js";
import { badRequest } from "./api-error.js";

/**
 * Reads a JSON body of at most `limit` bytes. An oversize body is still read to its end (and
 * discarded) so the client receives the 400 instead of a reset connection.
 */
export async function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw badRequest(`request body is ${size} bytes, more than the limit of ${limit} (SIDECAR_MAX_BODY_BYTES)`);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (error) {
    throw badRequest(`request body is not valid JSON: ${messageOf(error)}`);
  }
}
