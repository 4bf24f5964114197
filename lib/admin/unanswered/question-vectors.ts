import { createHash } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { EmbedTexts } from "@/lib/rag/embed-types";

// A fixed text whose vector identifies the embedding model, so vectors another model made (a new
// EMBEDDINGS_MODEL, another model behind the sidecar) are made again instead of being compared
// across spaces. Rounded, so that CPU and GPU runs of one model agree.
const PROBE = "Когда экзамен? When is the exam?";
const PROBE_DIMENSIONS = 16;
const PROBE_DECIMALS = 2;

async function modelKey(embed: EmbedTexts): Promise<string> {
  const [vector] = await embed([PROBE], "query");
  const head = vector.slice(0, PROBE_DIMENSIONS).map((x) => x.toFixed(PROBE_DECIMALS));
  return createHash("sha256").update(`${vector.length}:${head.join(",")}`).digest("base64url").slice(0, 16);
}

export type StoredQuestion = { id: string; question: string; embedding: number[]; embeddingKey: string | null };

/**
 * The questions' vectors, in order: the stored ones the current model made, the rest embedded
 * now in one call and stored, so a question is embedded once however often the inbox is opened.
 */
export async function questionVectors(deps: { db: PrismaClient; embed: EmbedTexts }, questions: StoredQuestion[]): Promise<number[][]> {
  const key = await modelKey(deps.embed);
  const missing = questions.filter((q) => q.embeddingKey !== key || q.embedding.length === 0);
  const made = new Map<string, number[]>();
  if (missing.length > 0) {
    const vectors = await deps.embed(missing.map((q) => q.question), "query");
    missing.forEach((q, i) => made.set(q.id, vectors[i]));
    const records = [...made].map(([id, embedding]) => ({ id, embedding }));
    // One statement for any number of rows: the ORM would update them one by one.
    await deps.db.$executeRaw`
      UPDATE "UnansweredQuestion" AS u SET embedding = v.embedding, "embeddingKey" = ${key}
      FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS v (id text, embedding double precision[])
      WHERE u.id = v.id`;
  }
  return questions.map((q) => made.get(q.id) ?? q.embedding);
}
