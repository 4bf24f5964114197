import type { z } from "zod";
import type { manifestSchema } from "../core/embedding/manifest.js";

export type Preset = {
  /** Hugging Face repository, e.g. Xenova/multilingual-e5-small. */
  repo: string;
  /** Repository path → file name in the model directory. External-data files keep their names. */
  files: Record<string, string>;
  manifest: z.input<typeof manifestSchema>;
};

export const presets = {
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
  // the download script with --manifest-only --out DIR.
  "user-bge-m3": {
    repo: "deepvk/USER-bge-m3",
    files: { "onnx/model.onnx": "model.onnx", "tokenizer.json": "tokenizer.json" },
    manifest: { id: "deepvk/USER-bge-m3", dimension: 1024, maxTokens: 8192, pooling: "cls" },
  },
} satisfies Record<string, Preset>;

export type PresetName = keyof typeof presets;

export const presetNames = Object.keys(presets) as [PresetName, ...PresetName[]];

/** Small and multilingual enough for a CPU: what `npm run demo` fetches on first run. */
export const DEFAULT_PRESET: PresetName = "multilingual-e5-small";
