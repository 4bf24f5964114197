import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ExecutionProvider, Settings } from "../../config.js";
import { Encoder } from "./encoder.js";
import { parseManifest, type Manifest } from "./manifest.js";
import { openSession } from "./session.js";
import { TextTokenizer } from "./tokenizer.js";

/** A loaded model; tokenizer and encoder are typed by what the core calls, so a wrapper can stand in for either. */
export type EmbeddingModel = {
  manifest: Manifest;
  tokenizer: Pick<TextTokenizer, "encode">;
  encoder: Pick<Encoder, "encode">;
  provider: ExecutionProvider;
};

export type LoadEmbeddingModel = (directory: string, settings: Settings) => Promise<EmbeddingModel>;

/** Loads a model directory: sidecar.json, tokenizer.json and model.onnx. */
export const loadEmbeddingModel: LoadEmbeddingModel = async (directory, settings) => {
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
};
