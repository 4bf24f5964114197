import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { Config } from "@/lib/config/load";
import { getEmbedder } from "@/lib/embeddings";
import { parseEvalSet } from "@/lib/rag/eval/eval-set";
import { formatComparison, formatReport } from "@/lib/rag/eval/report";
import { runEval } from "@/lib/rag/eval/run-eval";
import type { SearchMode } from "@/lib/rag/retrieve";
import { getRagServices } from "@/lib/rag/services";
import { configOrExit, databaseUrlOrExit, run } from "./lib/cli";

// Retrieval quality on an eval set: `npm run eval -- [file.jsonl] [--k 10] [--mode hybrid|lexical|both]`
// against the configured database, vector store and embedder (the same settings as the app).
const DEFAULT_SET = path.resolve(import.meta.dirname, "../eval/demo.jsonl");
const MODES: Record<string, SearchMode[]> = { hybrid: ["hybrid"], lexical: ["lexical"], both: ["hybrid", "lexical"] };
const argsSchema = z.object({
  k: z.coerce.number({ error: "--k must be a number" }).int("--k must be a whole number").min(5, "--k must be at least 5 (hit@5 needs five passages)").max(50, "--k must be at most 50"),
  mode: z.enum(["hybrid", "lexical", "both"], { error: "--mode must be hybrid, lexical or both" }),
});
const sidecarInfoSchema = z.object({ model_id: z.string() });

/**
 * The model that answers, for labelling the figures: the sidecar names the model it serves. An
 * embedder that does not answer is reported, not fatal: lexical mode never needs it.
 */
async function embeddingModel(config: Config, modelId: string): Promise<string> {
  if (config.EMBEDDINGS_PROVIDER !== "sidecar") return `${config.EMBEDDINGS_PROVIDER} ${modelId}`;
  const url = config.EMBEDDINGS_URL.replace(/\/$/, "");
  try {
    const info = sidecarInfoSchema.parse(await (await fetch(`${url}/info`, { signal: AbortSignal.timeout(5000) })).json());
    return `sidecar ${info.model_id} at ${url}`;
  } catch (error) {
    return `sidecar at ${url}, not answering (${error instanceof Error ? error.message : String(error)}): hybrid search will fall back to lexical`;
  }
}

run(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { k: { type: "string", default: "10" }, mode: { type: "string", default: "both" } },
  });
  const parsedArgs = argsSchema.safeParse(values);
  if (!parsedArgs.success) throw new Error(parsedArgs.error.issues.map((issue) => issue.message).join("; "));
  const file = positionals[0] ?? DEFAULT_SET;
  const cases = parseEvalSet(await readFile(file, "utf8"), path.relative(process.cwd(), file) || file);

  const config = configOrExit();
  databaseUrlOrExit(config);
  const rag = await getRagServices();
  try {
    const { k, mode } = parsedArgs.data;
    const offTopic = cases.filter((c) => c.expectedDocument === null).length;
    console.log(`Eval set: ${file} (${cases.length} questions: ${cases.length - offTopic} answerable, ${offTopic} off-topic)`);
    console.log(`Embeddings: ${await embeddingModel(config, getEmbedder().modelId)}`);
    console.log(`Vector store: ${config.VECTOR_STORE}; ${k} passages per question; relevance floors: each course's calibrated ones\n`);
    const reports = await runEval(rag, cases, { k, modes: MODES[mode], warn: console.error });
    console.log(reports.map(formatReport).join("\n\n"));
    if (reports.length > 1) console.log(`\n${formatComparison(reports)}`);
  } finally {
    await rag.store.close();
    await rag.db.$disconnect();
  }
});
