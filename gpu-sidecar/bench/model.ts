import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { bertTokenizer } from "../test/sidecar-process.js";

const packageDir = path.resolve(import.meta.dirname, "..");
export const benchModelsRoot = path.join(packageDir, "models");
export const benchModelName = "bench-minilm-l6";
export const benchMaxTokens = 256;
const python = "/usr/bin/python3";

/**
 * A random-weight encoder of all-MiniLM-L6-v2's size (6 layers, hidden 384, 12 heads, BERT
 * vocabulary, 256 tokens), generated on first use and kept in the ignored models/ folder.
 */
export async function ensureBenchModel(): Promise<string> {
  const dir = path.join(benchModelsRoot, benchModelName);
  if (!existsSync(path.join(dir, "model.onnx"))) {
    try {
      execFileSync(python, ["-c", "import torch, onnx"], { stdio: "ignore" });
    } catch {
      console.error(`Generating the bench model needs PyTorch and ONNX for ${python}:\n  apt-get install -y python3-torch python3-onnx`);
      process.exit(1);
    }
    const args = ["--out", dir, "--id", "bench/minilm-l6-random", "--layers", "6", "--hidden", "384", "--heads", "12", "--intermediate", "1536"];
    execFileSync(python, [path.join(packageDir, "scripts", "make-fixture-model.py"), ...args, "--max-tokens", String(benchMaxTokens)], { stdio: "inherit" });
  }
  // Both contenders read the same tokenizer; its exported fixed padding and 128-token truncation
  // are dropped so each side truncates at the same benchMaxTokens and pads only to the batch.
  const tokenizer = JSON.parse(await readFile(bertTokenizer, "utf8")) as Record<string, unknown>;
  await writeFile(path.join(dir, "tokenizer.json"), JSON.stringify({ ...tokenizer, truncation: null, padding: null }));
  const tokenizerConfig = JSON.parse(await readFile(path.join(path.dirname(bertTokenizer), "tokenizer_config.json"), "utf8")) as object;
  await writeFile(path.join(dir, "tokenizer_config.json"), JSON.stringify({ ...tokenizerConfig, model_max_length: benchMaxTokens }));
  return dir;
}
