import { existsSync } from "node:fs";
import path from "node:path";
import { GgufFileType, readGgufFileInfo } from "node-llama-cpp";
import { messageOf, SidecarError } from "../errors.js";

/** What a client learns about the chat model (on /info), readable from its file without loading it. */
export type ChatModelFacts = {
  id: string;
  file: string;
  quantization: string;
  trainContextLength: number;
  /** Tokens of context each generation gets (SIDECAR_CHAT_CONTEXT within the trained length). */
  contextLength: number;
};

const MAX_DEFAULT_CONTEXT = 8192;

export const absentModelError = (file: string) =>
  new SidecarError("unavailable", `no chat model at ${file} yet (it may still be downloading)`, { retryAfterSeconds: 5 });

/**
 * The model's name, quantisation and context, read from the GGUF header (cheap, no weights).
 * `contextSetting` is SIDECAR_CHAT_CONTEXT. Rejects when the file is missing or not a GGUF model.
 */
export async function readChatModelFacts(file: string, contextSetting: number): Promise<ChatModelFacts> {
  if (!existsSync(file)) throw absentModelError(file);
  const info = await readGgufFileInfo(file, { readTensorInfo: false }).catch((error: unknown) => {
    throw new Error(`${file} is not a readable GGUF model: ${messageOf(error)}`);
  });
  const general = info.metadata.general;
  const architecture = general.architecture;
  const trained = Number((info.metadata as Record<string, Record<string, unknown> | undefined>)[architecture]?.context_length ?? 0) || MAX_DEFAULT_CONTEXT;
  const wanted = contextSetting || Math.min(trained, MAX_DEFAULT_CONTEXT);
  return {
    id: general.name ?? path.basename(file, ".gguf"),
    file,
    quantization: general.file_type === undefined ? "unknown" : (GgufFileType[general.file_type] ?? `type ${general.file_type}`).replace(/^(MOSTLY|ALL)_/, ""),
    trainContextLength: trained,
    contextLength: Math.min(wanted, trained),
  };
}
