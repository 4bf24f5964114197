import { z } from "zod";
import { ApiError, badRequest } from "../errors.js";

const inputSchema = z.preprocess(
  (value) => (typeof value === "string" ? [value] : value),
  z
    .array(z.string({ error: "must be a string" }).min(1, "must not be an empty string"), { error: "input must be a string or an array of strings" })
    .min(1, "input must not be an empty list"),
);

/** POST /v1/embeddings: OpenAI's request body plus `input_type` and `truncate` (as in TEI). */
export const embeddingsRequestSchema = z.object({
  input: inputSchema,
  model: z.string().optional(),
  encoding_format: z.enum(["float", "base64"]).default("float"),
  dimensions: z.number().int().positive().optional(),
  input_type: z.enum(["query", "passage"]).optional(),
  truncate: z.boolean().default(true),
  user: z.string().optional(),
}, { error: "must be a JSON object" });

export type EmbeddingsRequest = z.output<typeof embeddingsRequestSchema>;

function describe(issue: z.core.$ZodIssue): { message: string; param: string } {
  const [field, index] = issue.path;
  const param = String(field ?? "body");
  if (field === "input" && typeof index === "number") return { message: `input[${index}] ${issue.message}`, param };
  if (issue.message.startsWith(param)) return { message: issue.message, param };
  return { message: field === undefined ? `request body ${issue.message}` : `${param}: ${issue.message}`, param };
}

/** Validates a parsed body; the per-request input limit answers 413, like an oversize payload. */
export function parseEmbeddingsRequest(body: unknown, maxInputs: number): EmbeddingsRequest {
  if (typeof body === "object" && body !== null && "input" in body && Array.isArray(body.input) && body.input.length > maxInputs) {
    throw new ApiError(413, "invalid_request_error", `input has ${body.input.length} items, more than the limit of ${maxInputs} per request (see GET /info)`, "input");
  }
  const result = embeddingsRequestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const { message, param } = describe(issue);
    throw badRequest(message, param);
  }
  return result.data;
}

const contentSchema = z.union(
  [
    z.string(),
    // The parts form OpenAI clients send; only text parts can reach a text model.
    z.array(z.object({ type: z.literal("text", { error: "only text content parts are supported" }), text: z.string() })).transform((parts) => parts.map((part) => part.text).join("")),
  ],
  { error: "content must be a string or a list of text parts" },
);

/** POST /v1/chat/completions: the part of OpenAI's request body a local text model can honour. */
export const chatRequestSchema = z.object({
  model: z.string().optional(),
  messages: z
    .array(
      z.object({
        // "developer" is OpenAI's newer name for system instructions.
        role: z.enum(["system", "developer", "user", "assistant"], { error: "role must be system, developer, user or assistant" }).transform((role) => (role === "developer" ? "system" : role)),
        content: contentSchema,
      }),
      { error: "messages must be a list of { role, content }" },
    )
    .min(1, "messages must not be empty"),
  stream: z.boolean().default(false),
  stream_options: z.object({ include_usage: z.boolean().default(false) }).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).default(1),
  top_p: z.number().gt(0).max(1).default(1),
  stop: z.union([z.string().min(1), z.array(z.string().min(1)).max(4)], { error: "stop must be a text or a list of at most 4 texts" }).nullish(),
  seed: z.number().int().nullish(),
  n: z.literal(1, { error: "n must be 1: one answer per request" }).nullish(),
  user: z.string().optional(),
}, { error: "must be a JSON object" });

export type ChatRequest = z.output<typeof chatRequestSchema>;

export function parseChatRequest(body: unknown): ChatRequest {
  const result = chatRequestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const [field, index, key] = issue.path;
    const param = String(field ?? "body");
    const where = field === "messages" && typeof index === "number" ? `messages[${index}]${key ? `.${String(key)}` : ""}` : param;
    throw badRequest(field === undefined ? `request body ${issue.message}` : issue.message.startsWith(param) ? issue.message : `${where}: ${issue.message}`, param);
  }
  return result.data;
}
