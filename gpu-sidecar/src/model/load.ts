import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ExecutionProvider, Settings } from "../config.js";
import { TextTokenizer } from "../tokenize.js";
import { Encoder } from "./encoder.js";
import { parseManifest, type Manifest } from "./manifest.js";
import { openSession } from "./session.js";

export type LoadedModel = { manifest: Manifest; tokenizer: TextTokenizer; encoder: Encoder; provider: ExecutionProvider };

/** Loads a model directory: sidecar.json, tokenizer.json and model.onnx. */
export async function loadModel(directory: string, settings: Settings): Promise<LoadedModel> {
  const manifestPath = path.join(directory, "sidecar.json");
  const manifest = parseManifest(JSON.parse(await readFile(manifestPath, "utf8")), manifestPath);
  if (settings.SIDECAR_MAX_BATCH_TOKENS < manifest.maxTokens) {
    throw new Error(`SIDECAR_MAX_BATCH_TOKENS (${settings.SIDECAR_MAX_BATCH_TOKENS}) must be at least the model's maxTokens (${manifest.maxTokens})`);
  }
  const tokenizer = await TextTokenizer.fromFile(path.join(directory, "tokenizer.json"));
  const { session, provider } = await openSession(path.join(directory, "model.onnx"), settings);
  const encoder = new Encoder(session, manifest);
  const [probe] = await encoder.encode([tokenizer.encode("probe", manifest.maxTokens).ids]);
  if (probe?.length !== manifest.dimension) {
    throw new Error(`model produces vectors of ${probe?.length} dimensions but sidecar.json says ${manifest.dimension}`);
  }
  return { manifest, tokenizer, encoder, provider };
}
