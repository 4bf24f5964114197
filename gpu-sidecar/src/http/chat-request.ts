import { z } from "zod";
import { badRequest } from "./api-error.js";

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

export type ChatCompletionsBody = z.output<typeof chatRequestSchema>;

export function parseChatRequest(body: unknown): ChatCompletionsBody {
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
