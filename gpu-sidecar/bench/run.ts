import { cpus, loadavg } from "node:os";
import path from "node:path";
import { env, pipeline } from "@huggingface/transformers";
import { TextTokenizer } from "../src/core/embedding/tokenizer.js";
import { startSidecar } from "../test/sidecar-process.js";
import { benchTexts } from "./corpus.js";
import { benchGeneration } from "./generation.js";
import { benchMaxTokens, benchModelName, benchModelsRoot, ensureBenchModel } from "./model.js";
import { measure, percentile, summarize, type RunResult } from "./stats.js";

// Generation first, on a quiet process: the embedding baselines below leave onnxruntime thread pools behind.
const generation = await benchGeneration();

const TEXTS = Number(process.env.BENCH_TEXTS ?? 240);
const modelDir = await ensureBenchModel();
const texts = benchTexts(TEXTS);
const tokenizer = await TextTokenizer.fromFile(path.join(modelDir, "tokenizer.json"));
const tokenCounts = texts.map((text) => tokenizer.encode(text, benchMaxTokens).ids.length);
const totalTokens = tokenCounts.reduce((a, b) => a + b, 0);
const isQuery = texts.map((_, i) => tokenCounts[i]! < 64);
// The machine's load is printed because other processes on a shared host skew every figure.
const load = () => loadavg().map((value) => value.toFixed(2)).join(" ");
console.log(`bench: ${texts.length} texts (${isQuery.filter(Boolean).length} queries, ${isQuery.filter((q) => !q).length} passages), ${totalTokens} tokens, ${cpus().length} CPUs, load average ${load()}`);

// Baseline: the same ONNX file and tokenizer through @huggingface/transformers, in process.
env.allowRemoteModels = false;
env.localModelPath = benchModelsRoot;
const extractor = await pipeline("feature-extraction", benchModelName, { subfolder: "", dtype: "fp32", device: "cpu" });
const baselineEmbed = async (text: string) => (await extractor(text, { pooling: "mean", normalize: true })).tolist()[0] as number[];
// The same baseline with the sidecar's one session tweak (no spinning threads), to separate what
// batching buys from what that setting buys.
const tunedExtractor = await pipeline("feature-extraction", benchModelName, {
  subfolder: "",
  dtype: "fp32",
  device: "cpu",
  session_options: { extra: { session: { intra_op: { allow_spinning: "0" } } } },
});
const tunedEmbed = async (text: string) => (await tunedExtractor(text, { pooling: "mean", normalize: true })).tolist()[0] as number[];

const sidecarEnv: Record<string, string> = {
  SIDECAR_EXECUTION_PROVIDERS: process.env.SIDECAR_EXECUTION_PROVIDERS ?? "cuda,cpu",
  SIDECAR_MAX_WAIT_MS: process.env.SIDECAR_MAX_WAIT_MS ?? "2",
  SIDECAR_MAX_BATCH_TOKENS: process.env.SIDECAR_MAX_BATCH_TOKENS ?? "8192",
  SIDECAR_MAX_BATCH_SIZE: process.env.SIDECAR_MAX_BATCH_SIZE ?? "32",
  ...(process.env.SIDECAR_INTRA_OP_THREADS ? { SIDECAR_INTRA_OP_THREADS: process.env.SIDECAR_INTRA_OP_THREADS } : {}),
};
const sidecar = await startSidecar(modelDir, sidecarEnv);
await sidecar.waitReady();
const info = (await (await fetch(`${sidecar.url}/info`)).json()) as Record<string, unknown>;
const sidecarEmbed = async (text: string) => {
  const response = await fetch(`${sidecar.url}/v1/embeddings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ input: [text] }) });
  if (!response.ok) throw new Error(`sidecar answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { data: { embedding: number[] }[] }).data[0]!.embedding;
};

// Same model, same tokenizer, same pooling: the two must agree before their speed is compared.
// Only untruncated texts are compared: transformers.js truncates after adding special tokens (it
// drops the final [SEP]), while the sidecar keeps [SEP] like Hugging Face's Python tokenizers.
let maxDiff = 0;
for (const text of texts.filter((_, i) => tokenCounts[i]! < benchMaxTokens).slice(0, 8)) {
  const [a, b] = [await sidecarEmbed(text), await baselineEmbed(text)];
  maxDiff = Math.max(maxDiff, ...a.map((value, i) => Math.abs(value - b[i]!)));
}
console.log(`sidecar: provider ${String(info.execution_provider)}, ${JSON.stringify(sidecarEnv)}; max |sidecar - baseline| over 8 untruncated texts: ${maxDiff.toExponential(2)}`);
if (maxDiff > 1e-4) throw new Error("sidecar and baseline disagree: not the same computation");

const warmup = texts.slice(0, 16);
const results: RunResult[] = [];
for (const [label, concurrency, call] of [
  ["baseline in-process c=1", 1, baselineEmbed],
  ["sidecar HTTP c=1", 1, sidecarEmbed],
  ["baseline in-process c=16", 16, baselineEmbed],
  ["sidecar HTTP c=16", 16, sidecarEmbed],
  ["baseline no-spin c=1", 1, tunedEmbed],
  ["baseline no-spin c=16", 16, tunedEmbed],
] as const) {
  await measure("warm-up", warmup, 0, concurrency, call);
  results.push(await measure(label, texts, totalTokens, concurrency, call));
}
await sidecar.stop();
console.log(`load average after: ${load()}`);

console.table(results.map(summarize));
const [base1, side1, base16, side16, tuned1, tuned16] = results as [RunResult, RunResult, RunResult, RunResult, RunResult, RunResult];
const queryP50 = (result: RunResult) => percentile(result.latenciesMs.filter((_, i) => isQuery[i]), 50);
const ratios = {
  "throughput c=16, sidecar/baseline (target >= 1.5)": side16.seconds > 0 ? base16.seconds / side16.seconds : Number.NaN,
  "throughput c=1, sidecar/baseline": base1.seconds / side1.seconds,
  "p50 c=1, sidecar/baseline (target <= 1.3)": percentile(side1.latenciesMs, 50) / percentile(base1.latenciesMs, 50),
  "query-only p50 c=1, sidecar/baseline": queryP50(side1) / queryP50(base1),
  "p95 c=16, sidecar/baseline": percentile(side16.latenciesMs, 95) / percentile(base16.latenciesMs, 95),
  "throughput c=16, sidecar/baseline no-spin": tuned16.seconds / side16.seconds,
  "p50 c=1, sidecar/baseline no-spin": percentile(side1.latenciesMs, 50) / percentile(tuned1.latenciesMs, 50),
};
console.table(generation.rows);
console.table(Object.entries({ ...ratios, ...generation.ratios }).map(([ratio, value]) => ({ ratio, value: Number(value.toFixed(2)) })));
