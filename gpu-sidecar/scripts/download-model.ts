/**
 * Downloads a real embedding model from Hugging Face into a sidecar model directory
 * (model.onnx + tokenizer.json + sidecar.json).
 *
 *   npm run download-model -w gpu-sidecar -- [preset] [--out DIR] [--revision REV] [--manifest-only]
 *
 * Presets: multilingual-e5-small (default, CPU-friendly, 384 dims), bge-m3 and user-bge-m3
 * (1024 dims, for GPU hosts). HF_TOKEN is sent when set; HF_ENDPOINT overrides huggingface.co.
 * --manifest-only writes just sidecar.json, for a directory you exported yourself (optimum-cli).
 */
import { createWriteStream } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream } from "node:stream/web";
import { parseArgs } from "node:util";
import { z } from "zod";
import { manifestSchema } from "../src/model/manifest.js";

type Preset = {
  repo: string;
  /** Repository path → file name in the model directory. External-data files keep their names. */
  files: Record<string, string>;
  manifest: z.input<typeof manifestSchema>;
};

const presets = {
  // ONNX export of intfloat/multilingual-e5-small (same weights); e5 expects "query: "/"passage: ".
  "multilingual-e5-small": {
    repo: "Xenova/multilingual-e5-small",
    files: { "onnx/model.onnx": "model.onnx", "tokenizer.json": "tokenizer.json" },
    manifest: { id: "intfloat/multilingual-e5-small", dimension: 384, maxTokens: 512, pooling: "mean", prefixes: { query: "query: ", passage: "passage: " } },
  },
  // BGE-M3's dense vectors are the normalised [CLS] state; 2.3 GB of weights in external data.
  "bge-m3": {
    repo: "BAAI/bge-m3",
    files: {
      "onnx/model.onnx": "model.onnx",
      "onnx/model.onnx_data": "model.onnx_data",
      "onnx/Constant_7_attr__value": "Constant_7_attr__value",
      "onnx/tokenizer.json": "tokenizer.json",
    },
    manifest: { id: "BAAI/bge-m3", dimension: 1024, maxTokens: 8192, pooling: "cls" },
  },
  // Russian-tuned BGE-M3. Its repository may carry no ONNX export: then export it with
  // `optimum-cli export onnx --model deepvk/USER-bge-m3 --task feature-extraction DIR` and run
  // this script with --manifest-only --out DIR.
  "user-bge-m3": {
    repo: "deepvk/USER-bge-m3",
    files: { "onnx/model.onnx": "model.onnx", "tokenizer.json": "tokenizer.json" },
    manifest: { id: "deepvk/USER-bge-m3", dimension: 1024, maxTokens: 8192, pooling: "cls" },
  },
} satisfies Record<string, Preset>;

const argsSchema = z.object({
  preset: z.enum(Object.keys(presets) as [keyof typeof presets, ...(keyof typeof presets)[]], {
    error: `preset must be one of ${Object.keys(presets).join(", ")}`,
  }),
  out: z.string().min(1).optional(),
  revision: z.string().min(1),
  manifestOnly: z.boolean(),
});

async function download(url: string, target: string): Promise<void> {
  const headers: Record<string, string> = process.env.HF_TOKEN ? { authorization: `Bearer ${process.env.HF_TOKEN}` } : {};
  const response = await fetch(url, { headers, redirect: "follow" });
  if (!response.ok || !response.body) throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
  // Written beside the target and renamed, so an interrupted download never looks complete.
  const partial = `${target}.partial`;
  await pipeline(Readable.fromWeb(response.body as ReadableStream<Uint8Array>), createWriteStream(partial));
  await rename(partial, target);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: "string" }, revision: { type: "string", default: "main" }, "manifest-only": { type: "boolean", default: false } },
  });
  const parsed = argsSchema.safeParse({ preset: positionals[0] ?? "multilingual-e5-small", out: values.out, revision: values.revision, manifestOnly: values["manifest-only"] });
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join("\n"));
  const { preset: name, revision, manifestOnly } = parsed.data;
  const preset: Preset = presets[name];
  const out = path.resolve(parsed.data.out ?? path.join(import.meta.dirname, "..", "models", name));
  await mkdir(out, { recursive: true });
  if (!manifestOnly) {
    const endpoint = (process.env.HF_ENDPOINT ?? "https://huggingface.co").replace(/\/$/, "");
    for (const [source, target] of Object.entries(preset.files)) {
      console.log(`downloading ${preset.repo}/${source}`);
      await download(`${endpoint}/${preset.repo}/resolve/${encodeURIComponent(revision)}/${source}`, path.join(out, target));
    }
  }
  await writeFile(path.join(out, "sidecar.json"), `${JSON.stringify(manifestSchema.parse(preset.manifest), null, 2)}\n`);
  console.log(`model ready in ${out}\nstart the sidecar with SIDECAR_MODEL_DIR=${out}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
