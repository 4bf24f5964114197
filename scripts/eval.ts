import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { Config } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { createEmbedder } from "@/lib/embeddings";
import { parseEvalSet } from "@/lib/rag/eval/eval-set";
import { runEval } from "@/lib/rag/eval/run-eval";
import { formatReport } from "@/lib/rag/eval/score";
import { createVectorStore } from "@/lib/vector/create-store";
import { configOrExit, databaseUrlOrExit, run } from "./lib/cli";

// Retrieval quality on an eval set: `npm run eval -- [file.jsonl] [--k 10]` against the configured
// database, vector store and embedder (the same settings as the app).
const DEFAULT_SET = path.resolve(import.meta.dirname, "../eval/demo.jsonl");
const argsSchema = z.object({
  k: z.coerce.number({ error: "--k must be a number" }).int("--k must be a whole number").min(5, "--k must be at least 5 (hit@5 needs five passages)").max(50, "--k must be at most 50"),
});
const sidecarInfoSchema = z.object({ model_id: z.string() });

/** The model that actually answers, for labelling the figures: the sidecar names the model it serves. */
async function embeddingModel(config: Config, modelId: string): Promise<string> {
  if (config.EMBEDDINGS_PROVIDER !== "sidecar") return `${config.EMBEDDINGS_PROVIDER} ${modelId}`;
  const info = sidecarInfoSchema.parse(await (await fetch(`${config.EMBEDDINGS_URL.replace(/\/$/, "")}/info`)).json());
  return `sidecar ${info.model_id} at ${config.EMBEDDINGS_URL}`;
}

run(async () => {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { k: { type: "string", default: "10" } } });
  const parsedArgs = argsSchema.safeParse(values);
  if (!parsedArgs.success) throw new Error(parsedArgs.error.issues.map((issue) => issue.message).join("; "));
  const file = positionals[0] ?? DEFAULT_SET;
  const cases = parseEvalSet(await readFile(file, "utf8"), path.relative(process.cwd(), file) || file);

  const config = configOrExit();
  const db = createPrismaClient(databaseUrlOrExit(config));
  const store = await createVectorStore(config);
  try {
    const embedder = createEmbedder(config);
    console.log(`Eval set: ${file} (${cases.length} questions)`);
    console.log(`Embeddings: ${await embeddingModel(config, embedder.modelId)}`);
    console.log(`Vector store: ${config.VECTOR_STORE}; RETRIEVAL_MIN_SCORE ${config.RETRIEVAL_MIN_SCORE}; ${parsedArgs.data.k} passages per question\n`);
    // The store opens its collections for the embedder's dimension, and refuses a model that does not match them.
    const [probe] = await embedder.embed([cases[0].question], "query");
    await store.ensureCollections(probe.length);
    const report = await runEval({ db, store, embed: embedder.embed }, cases, {
      k: parsedArgs.data.k,
      minScore: config.RETRIEVAL_MIN_SCORE,
      warn: console.error,
    });
    console.log(formatReport(report));
  } finally {
    await store.close();
    await db.$disconnect();
  }
});
