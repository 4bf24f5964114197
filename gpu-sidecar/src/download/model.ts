import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { manifestSchema } from "../core/embedding/manifest.js";
import { HubUnreachableError, NetworkFailure } from "./errors.js";
import { downloadFile, type RetryPolicy } from "./file.js";
import { DEFAULT_ENDPOINT, resolveUrl } from "./hub.js";
import type { Preset } from "./presets.js";
import type { Progress } from "./progress.js";

const MANIFEST = "sidecar.json";

/** Where and how to fetch from the hub: the same for every kind of model. */
export type HubDownload = {
  progress: Progress;
  /** HF_ENDPOINT: the hub or a mirror. */
  endpoint?: string | undefined;
  /** HF_TOKEN. */
  token?: string | undefined;
  revision?: string | undefined;
  /** Aborting stops at once and keeps each file's .partial, so the next run resumes it. */
  signal?: AbortSignal | undefined;
  idleMs?: number;
  retry?: RetryPolicy;
};

export type ModelDownload = HubDownload & { preset: Preset; dir: string };

/**
 * Fetches files of one hub repository (repository path → local path), each resumable and verified,
 * renamed into place only when complete. Throws HubUnreachableError (one line) when the hub cannot
 * be reached, DownloadError when it refuses a file or a file fails verification, and the abort
 * reason when `signal` aborts.
 */
export async function downloadRepositoryFiles(repo: string, files: Record<string, string>, options: HubDownload): Promise<void> {
  const endpoint = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
  const hub = { endpoint, token: options.token, idleMs: options.idleMs ?? 30_000, signal: options.signal };
  const retry = options.retry ?? { attempts: 5, delayMs: 1000 };
  try {
    for (const [source, target] of Object.entries(files)) {
      const url = resolveUrl(endpoint, repo, options.revision ?? "main", source);
      await mkdir(path.dirname(target), { recursive: true });
      await downloadFile({ url, target, name: path.basename(target) }, hub, options.progress, retry);
    }
  } catch (error) {
    if (error instanceof NetworkFailure) throw new HubUnreachableError(endpoint, error.message);
    throw error;
  }
}

/** A model directory is complete once its sidecar.json exists: it is written last. */
export const isModelComplete = (dir: string) => existsSync(path.join(dir, MANIFEST));

export async function writeManifest(dir: string, manifest: Preset["manifest"]): Promise<void> {
  const file = path.join(dir, MANIFEST);
  // Renamed into place: a half-written manifest must never mark the directory complete.
  await writeFile(`${file}.partial`, `${JSON.stringify(manifestSchema.parse(manifest), null, 2)}\n`);
  await rename(`${file}.partial`, file);
}

/** Fetches an embedding preset's files into `dir`, then writes its sidecar.json (see downloadRepositoryFiles). */
export async function downloadModel(options: ModelDownload): Promise<void> {
  const { preset, dir } = options;
  await mkdir(dir, { recursive: true });
  // The directory stops counting as complete while its files may change.
  await rm(path.join(dir, MANIFEST), { force: true });
  const files = Object.fromEntries(Object.entries(preset.files).map(([source, name]) => [source, path.join(dir, name)]));
  await downloadRepositoryFiles(preset.repo, files, options);
  await writeManifest(dir, preset.manifest);
}
