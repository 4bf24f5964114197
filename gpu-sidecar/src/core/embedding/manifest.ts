import { z } from "zod";

/** sidecar.json: what the server needs to know about a model beyond its ONNX graph and tokenizer. */
export const manifestSchema = z
  .object({
    id: z.string().min(1),
    dimension: z.number().int().positive(),
    maxTokens: z.number().int().min(2),
    pooling: z.enum(["mean", "cls"]),
    normalize: z.boolean().default(true),
    prefixes: z.object({ query: z.string().default(""), passage: z.string().default("") }).default({ query: "", passage: "" }),
    // Dimensions a client may truncate to; empty when the model was not trained Matryoshka-style.
    matryoshkaDimensions: z.array(z.number().int().positive()).default([]),
    output: z.string().min(1).default("last_hidden_state"),
  })
  .strict()
  .refine((m) => m.matryoshkaDimensions.every((d) => d < m.dimension), {
    message: "matryoshkaDimensions must be smaller than dimension",
    path: ["matryoshkaDimensions"],
  });

export type Manifest = z.output<typeof manifestSchema>;
export type InputType = keyof Manifest["prefixes"];

export function parseManifest(json: unknown, source: string): Manifest {
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new Error(`Invalid model config ${source}:\n${lines.join("\n")}`);
  }
  return result.data;
}
