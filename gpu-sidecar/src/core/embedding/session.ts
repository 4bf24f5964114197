import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as ort from "onnxruntime-node";
import type { ExecutionProvider, Settings } from "../../config.js";
import { messageOf } from "../errors.js";
import { log } from "../../log.js";

export type LoadedSession = { session: ort.InferenceSession; provider: ExecutionProvider };

function sessionOptions(settings: Settings, provider: ExecutionProvider): ort.InferenceSession.SessionOptions {
  return {
    // CPU stays registered after CUDA so operators without a CUDA kernel still run.
    executionProviders: provider === "cuda" ? ["cuda", "cpu"] : ["cpu"],
    graphOptimizationLevel: settings.SIDECAR_GRAPH_OPTIMIZATION,
    ...(settings.SIDECAR_INTRA_OP_THREADS > 0 ? { intraOpNumThreads: settings.SIDECAR_INTRA_OP_THREADS } : {}),
    // One batch runs at a time, so parallel operator execution would only fight intra-op threads.
    executionMode: "sequential",
    // Spinning idle intra-op threads burn the cores the event loop needs for HTTP and tokenisation.
    extra: { session: { intra_op: { allow_spinning: settings.SIDECAR_ALLOW_SPINNING ? "1" : "0" } } },
  };
}

/**
 * Whether onnxruntime-node was installed with its CUDA provider (ONNXRUNTIME_NODE_INSTALL=cuda12).
 * Without it, asking for CUDA only makes onnxruntime print a loader error before the fallback.
 */
function cudaProviderInstalled(): boolean {
  const binding = path.join(path.dirname(createRequire(import.meta.url).resolve("onnxruntime-node/package.json")), "bin");
  const library = process.platform === "win32" ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";
  return existsSync(binding) && ["napi-v6", "napi-v3"].some((napi) => existsSync(path.join(binding, napi, process.platform, process.arch, library)));
}

/**
 * Opens the model with the first provider that works, in the configured order. Registering CUDA
 * fails when its libraries are absent (CPU-only install, no driver), which is an expected case.
 */
export async function openSession(modelPath: string, settings: Settings): Promise<LoadedSession> {
  const configured = settings.SIDECAR_EXECUTION_PROVIDERS;
  const withoutCuda = configured.filter((provider) => provider !== "cuda");
  const skipCuda = withoutCuda.length > 0 && withoutCuda.length < configured.length && !cudaProviderInstalled();
  if (skipCuda) log("info", "CUDA execution provider not installed (CPU-only onnxruntime-node); using the CPU");
  const providers = skipCuda ? withoutCuda : configured;
  for (const [index, provider] of providers.entries()) {
    try {
      const session = await ort.InferenceSession.create(modelPath, sessionOptions(settings, provider));
      return { session, provider };
    } catch (error) {
      const next = providers[index + 1];
      if (next === undefined) throw error;
      log("warn", `execution provider ${provider} is not available, falling back to ${next}`, {
        error: messageOf(error),
      });
    }
  }
  throw new Error("SIDECAR_EXECUTION_PROVIDERS is empty");
}
