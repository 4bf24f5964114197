/**
 * Downloads a real embedding model from Hugging Face into a sidecar model directory
 * (model.onnx + tokenizer.json + sidecar.json), resuming an interrupted download.
 *
 *   npm run download-model -w gpu-sidecar -- [preset] [--out DIR] [--revision REV] [--manifest-only]
 *
 * Presets: multilingual-e5-small (default, CPU-friendly, 384 dims), bge-m3 and user-bge-m3
 * (1024 dims, for GPU hosts); and the chat model qwen2.5-1.5b-instruct, a GGUF file written to
 * DIR/model.gguf (serve it with SIDECAR_CHAT_MODEL_PATH). HF_TOKEN is sent when set; HF_ENDPOINT overrides huggingface.co.
 * --manifest-only writes just sidecar.json, for a directory you exported yourself (optimum-cli).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import {
  barProgress,
  chatModelFile,
  chatPresetNames,
  chatPresets,
  DEFAULT_ENDPOINT,
  DEFAULT_PRESET,
  downloadChatModel,
  downloadModel,
  lineProgress,
  presetNames,
  presets,
  writeManifest,
} from "../src/download/index.js";

const argsSchema = z.object({
  preset: z.enum([...presetNames, ...chatPresetNames], { error: `preset must be one of ${[...presetNames, ...chatPresetNames].join(", ")}` }),
  out: z.string().min(1).optional(),
  revision: z.string().min(1),
  manifestOnly: z.boolean(),
});

const envSchema = z.object({
  HF_ENDPOINT: z.url({ protocol: /^https?$/, error: "HF_ENDPOINT must be an http(s) URL, e.g. https://huggingface.co" }).default(DEFAULT_ENDPOINT),
  HF_TOKEN: z.string().optional(),
});

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: "string" }, revision: { type: "string", default: "main" }, "manifest-only": { type: "boolean", default: false } },
  });
  const args = argsSchema.safeParse({ preset: positionals[0] ?? DEFAULT_PRESET, out: values.out, revision: values.revision, manifestOnly: values["manifest-only"] });
  // An empty variable counts as unset, as in a .env file.
  const env = envSchema.safeParse({ HF_ENDPOINT: process.env.HF_ENDPOINT || undefined, HF_TOKEN: process.env.HF_TOKEN || undefined });
  const issues = [...(args.error?.issues ?? []), ...(env.error?.issues ?? [])];
  if (!args.success || !env.success) throw new Error(issues.map((issue) => issue.message).join("\n"));
  const { preset: name, revision, manifestOnly } = args.data;
  const out = path.resolve(args.data.out ?? path.join(import.meta.dirname, "..", "models", name));
  const chat = name in chatPresets ? chatPresets[name as keyof typeof chatPresets] : undefined;
  const embedding = name in presets ? presets[name as keyof typeof presets] : undefined;

  if (manifestOnly) {
    if (!embedding) throw new Error("--manifest-only is for embedding models; a chat model is its GGUF file alone");
    await writeManifest(out, embedding.manifest);
  } else {
    // Ctrl-C stops cleanly and keeps the .partial files: the next run resumes them.
    const controller = new AbortController();
    process.once("SIGINT", () => controller.abort());
    console.log(`Downloading ${(chat ?? embedding)!.repo} (${revision}) from ${env.data.HF_ENDPOINT} into ${out}`);
    const started = performance.now();
    const hub = {
      revision,
      endpoint: env.data.HF_ENDPOINT,
      token: env.data.HF_TOKEN,
      signal: controller.signal,
      progress: process.stdout.isTTY ? barProgress(process.stdout) : lineProgress((line) => console.log(line)),
    };
    try {
      if (chat) await downloadChatModel({ ...hub, preset: chat, file: chatModelFile(out) });
      else await downloadModel({ ...hub, preset: embedding!, dir: out });
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      console.error("Stopped; run the same command again to resume.");
      process.exit(130);
    }
    console.log(`Done in ${Math.round((performance.now() - started) / 1000)} s.`);
  }
  console.log(chat ? `Chat model ready: ${chatModelFile(out)}\nServe it with SIDECAR_CHAT_MODEL_PATH=${chatModelFile(out)}` : `Model ready in ${out}\nStart the sidecar with SIDECAR_MODEL_DIR=${out}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
