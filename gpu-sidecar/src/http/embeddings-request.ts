import { z } from "zod";
import { ApiError, badRequest } from "./api-error.js";

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

export type EmbeddingsBody = z.output<typeof embeddingsRequestSchema>;

function describe(issue: z.core.$ZodIssue): { message: string; param: string } {
  const [field, index] = issue.path;
  const param = String(field ?? "body");
  if (field === "input" && typeof index === "number") return { message: `input[${index}] ${issue.message}`, param };
  if (issue.message.startsWith(param)) return { message: issue.message, param };
  return { message: field === undefined ? `request body ${issue.message}` : `${param}: ${issue.message}`, param };
}

/** Validates a parsed body; the per-request input limit answers 413, like an oversize payload. */
export function parseEmbeddingsRequest(body: unknown, maxInputs: number): EmbeddingsBody {
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
