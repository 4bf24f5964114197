import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { getLlama } from "node-llama-cpp";
import { buildPrompt } from "../src/core/chat/prompt.js";
import { makeModelDir, cleanup, startSidecar } from "../test/sidecar-process.js";
import { writeTinyGguf } from "../test/tiny-gguf.js";
import { benchTexts } from "./corpus.js";

/** One answer's figures: time to first token, and tokens per second after it. */
type Sample = { ttftMs: number; tokensPerSecond: number };
export type GenerationRow = { run: string; answers: number; "tokens each": number; "ttft p50 ms": number; "tokens/s p50": number };

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Generation through the sidecar's HTTP (streamed, as the app reads it) against the same model
 * driven through node-llama-cpp in this process: same GGUF, same prompt, same greedy sampling,
 * same thread count, same number of tokens. The model is the tiny random-weight one, so the
 * per-token cost of our serving (detokenising, SSE, HTTP) shows as plainly as it ever will.
 */
export async function benchGeneration(): Promise<{ rows: GenerationRow[]; ratios: Record<string, number> }> {
  const answers = Number(process.env.BENCH_ANSWERS ?? 8);
  const tokens = Number(process.env.BENCH_ANSWER_TOKENS ?? 256);
  const threads = process.env.SIDECAR_CHAT_THREADS ?? "1";
  const work = await mkdtemp(path.join(tmpdir(), "bench-chat-"));
  const file = await writeTinyGguf(path.join(work, "model.gguf"), { corpus: benchTexts(240).join("\n"), contextLength: 4096 });
  // A different first line per answer: neither side may reuse the previous answer's prompt.
  const messages = (run: number) => [
    { role: "system" as const, content: `Ответ ${run}. Отвечай по материалам курса.` },
    { role: "user" as const, content: benchTexts(12)[run % 12]! },
  ];

  const llama = await getLlama({ gpu: false, build: "never" });
  const model = await llama.loadModel({ modelPath: file });
  const context = await model.createContext({ contextSize: 4096, sequences: 1, threads: Number(threads) });
  const sequence = context.getSequence();
  const inProcess = async (run: number): Promise<Sample> => {
    const started = performance.now();
    await sequence.clearHistory();
    // The same chat template the sidecar applies.
    const prompt = buildPrompt(model, messages(run)).tokens;
    let first = 0;
    let count = 0;
    for await (const token of sequence.evaluate(prompt, { temperature: 0 })) {
      if (count === 0) first = performance.now();
      if (model.isEogToken(token) || ++count >= tokens) break;
    }
    model.detokenize(sequence.contextTokens.slice(prompt.length));
    return { ttftMs: first - started, tokensPerSecond: (count - 1) / ((performance.now() - first) / 1000) };
  };

  const embeddingDir = await makeModelDir();
  const sidecar = await startSidecar(embeddingDir, { SIDECAR_CHAT_MODEL_PATH: file, SIDECAR_CHAT_THREADS: threads, SIDECAR_CHAT_CONTEXT: "4096", SIDECAR_CHAT_LOAD: "start" });
  await sidecar.waitReady();
  const overHttp = async (run: number): Promise<Sample> => {
    const started = performance.now();
    const response = await fetch(`${sidecar.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: messages(run), max_tokens: tokens, temperature: 0, stream: true, stream_options: { include_usage: true } }),
    });
    let first = 0;
    let buffered = "";
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      if (first === 0 && buffered.includes('"content":"') && /"content":"[^"]/.test(buffered)) first = performance.now();
    }
    const usage = /"completion_tokens":(\d+)/.exec(buffered);
    if (!usage || Number(usage[1]) !== tokens) throw new Error(`the sidecar generated ${usage?.[1]} tokens, not ${tokens}`);
    return { ttftMs: first - started, tokensPerSecond: (tokens - 1) / ((performance.now() - first) / 1000) };
  };

  const runs: [string, (run: number) => Promise<Sample>][] = [
    ["generation in-process (node-llama-cpp)", inProcess],
    ["generation sidecar HTTP (SSE)", overHttp],
  ];
  const samples = new Map<string, Sample[]>(runs.map(([label]) => [label, []]));
  await inProcess(answers);
  await overHttp(answers);
  // Interleaved, so a change in the machine's load falls on both alike.
  for (let run = 0; run < answers; run++) for (const [label, call] of runs) samples.get(label)!.push(await call(run));

  await sidecar.stop();
  await context.dispose();
  await model.dispose();
  await cleanup(embeddingDir);
  await rm(work, { recursive: true, force: true });

  const rows = runs.map(([label]) => {
    const list = samples.get(label)!;
    return { run: label, answers, "tokens each": tokens, "ttft p50 ms": Number(median(list.map((s) => s.ttftMs)).toFixed(2)), "tokens/s p50": Math.round(median(list.map((s) => s.tokensPerSecond))) };
  });
  const [baseline, served] = rows as [GenerationRow, GenerationRow];
  return {
    rows,
    ratios: {
      [`generation tokens/s, sidecar/in-process (target >= 0.9; ${threads} thread(s))`]: served["tokens/s p50"] / baseline["tokens/s p50"],
      "generation ttft p50, sidecar/in-process": served["ttft p50 ms"] / baseline["ttft p50 ms"],
    },
  };
}
