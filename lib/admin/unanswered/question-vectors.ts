import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { EmbedTexts } from "@/lib/embeddings/embed-texts";

export type StoredQuestion = { id: string; question: string; embedding: number[]; embeddingKey: string | null };

/**
 * The questions' vectors, in order: the stored ones the current model made, the rest embedded
 * now in one call and stored, so a question is embedded once however often the inbox is opened.
 */
export async function questionVectors(deps: { db: PrismaClient; embed: EmbedTexts }, key: string, questions: StoredQuestion[]): Promise<number[][]> {
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
