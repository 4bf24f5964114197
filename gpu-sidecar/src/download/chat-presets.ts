import path from "node:path";
import { downloadRepositoryFiles, type HubDownload } from "./model.js";

export type ChatPreset = {
  /** Hugging Face repository holding the GGUF file. */
  repo: string;
  /** The file in it: one quantisation of the model. */
  file: string;
  /** How logs and the README name it. */
  label: string;
};

export const chatPresets = {
  // Apache-2.0 and not gated, so it downloads with no token; speaks Russian; 986 MB at Q4_K_M.
  "qwen2.5-1.5b-instruct": {
    repo: "bartowski/Qwen2.5-1.5B-Instruct-GGUF",
    file: "Qwen2.5-1.5B-Instruct-Q4_K_M.gguf",
    label: "Qwen2.5-1.5B-Instruct (Q4_K_M, 986 MB)",
  },
} satisfies Record<string, ChatPreset>;

export type ChatPresetName = keyof typeof chatPresets;

export const chatPresetNames = Object.keys(chatPresets) as [ChatPresetName, ...ChatPresetName[]];

/** What `npm run demo` serves as its local answer model. */
export const DEFAULT_CHAT_PRESET: ChatPresetName = "qwen2.5-1.5b-instruct";

/** The model's file inside its cache folder: its name does not depend on the preset, so the sidecar setting never changes. */
export const chatModelFile = (dir: string) => path.join(dir, "model.gguf");

/**
 * Fetches a chat preset's GGUF file to `file`: resumable, verified against the hub's sha256,
 * renamed into place only when complete (so the sidecar never loads half a model).
 */
export function downloadChatModel(options: HubDownload & { preset: ChatPreset; file: string }): Promise<void> {
  return downloadRepositoryFiles(options.preset.repo, { [options.preset.file]: options.file }, options);
}
