import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { DownloadError, NetworkFailure } from "./errors.js";
import { fetchMetadata, hubHeaders, statusError, type FileMetadata, type HubOptions } from "./hub.js";
import { formatBytes, type Progress } from "./progress.js";
import { exchange } from "./http.js";

export type RetryPolicy = {
  /** Tries in a row that may fail without fetching a byte; a try that fetched something resets the count. */
  attempts: number;
  /** Wait before the first retry; doubled for each further one. */
  delayMs: number;
};

export type FileTask = { url: string; target: string; name: string };

const sizeOf = (file: string) => stat(file).then((s) => s.size, () => undefined);

const retryableStatus = (status: number | undefined) => status === 408 || status === 429 || (status !== undefined && status >= 500);

async function hashFile(file: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
}

/** Where a 206 answer starts, from `Content-Range: bytes START-END/TOTAL`. */
function rangeStart(response: Response): number | undefined {
  const match = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(response.headers.get("content-range") ?? "");
  return match ? Number(match[1]) : undefined;
}

/**
 * One GET into the partial file, resuming it with a Range request when it holds something:
 * 206 appends, 200 (the server ignores ranges) starts over, 416 means the partial is already
 * whole. Returns the sha256 of the partial's content when the hub gave one to check against.
 */
async function fetchInto(task: FileTask, partial: string, meta: FileMetadata, hub: HubOptions, progress: Progress): Promise<string | undefined> {
  let offset = (await sizeOf(partial)) ?? 0;
  if (meta.size !== undefined && offset > meta.size) offset = 0;
  let hash = meta.sha256 ? createHash("sha256") : undefined;
  // Read before asking, so that the connection does not sit idle while a large partial is hashed.
  if (hash && offset > 0) await hashFile(partial, hash);
  const range: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
  const { response, body, close } = await exchange(task.url, { headers: hubHeaders(hub.token, range), redirect: "follow" }, hub);
  if (response.status === 416 && offset > 0) {
    close();
    return hash?.digest("hex");
  }
  if (response.status === 206 && rangeStart(response) !== offset) {
    close();
    throw new DownloadError(`GET ${task.url} answered bytes other than the range asked for (${response.headers.get("content-range")})`);
  }
  if (response.status !== 200 && response.status !== 206) {
    close();
    throw statusError("GET", task.url, response);
  }
  if (response.status === 200 && offset > 0) {
    offset = 0;
    hash = meta.sha256 ? createHash("sha256") : undefined;
  }
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  const total = meta.size ?? (Number.isSafeInteger(length) ? offset + length : undefined);

  const file = await open(partial, offset > 0 ? "a" : "w");
  let done = offset;
  progress.begin(task.name, total, done);
  try {
    for await (const chunk of body) {
      await file.write(chunk);
      hash?.update(chunk);
      done += chunk.length;
      progress.update(done);
    }
  } finally {
    progress.end();
    await file.close();
  }
  return hash?.digest("hex");
}

/**
 * Fetches one file of a repository into `target`, the way huggingface_hub does: size and checksum
 * from a HEAD, the bytes into `<target>.partial` (resumed across interruptions and runs), checked,
 * then renamed into place, so a file under its real name is always whole and verified.
 */
export async function downloadFile(task: FileTask, hub: HubOptions, progress: Progress, retry: RetryPolicy): Promise<void> {
  const partial = `${task.target}.partial`;
  let failures = 0;
  /** Waits before the next try, or rethrows when the error is final or the tries are used up. */
  const backOff = async (error: unknown, retryable: boolean, progressed: boolean) => {
    failures = progressed ? 1 : failures + 1;
    if (!retryable || failures >= retry.attempts) throw error;
    const delay = retry.delayMs * 2 ** (failures - 1);
    const at = (await sizeOf(partial)) ?? 0;
    const what = at > 0 ? `interrupted at ${formatBytes(at)} (${(error as Error).message})` : (error as Error).message;
    progress.note(`${task.name}: ${what}; retrying in ${delay / 1000} s (${failures}/${retry.attempts - 1})`);
    await sleep(delay, undefined, { signal: hub.signal });
  };
  const statusRetryable = (error: unknown) => error instanceof DownloadError && retryableStatus(error.status);

  let meta: FileMetadata | undefined;
  while (meta === undefined) {
    try {
      meta = await fetchMetadata(task.url, hub);
    } catch (error) {
      // No connection at all on the first request means offline: say so at once instead of retrying.
      await backOff(error, (error instanceof NetworkFailure && error.transient) || statusRetryable(error), false);
    }
  }

  const existing = await sizeOf(task.target);
  if (existing !== undefined && (meta.size === undefined || existing === meta.size)) return;

  failures = 0;
  for (;;) {
    const before = (await sizeOf(partial)) ?? 0;
    try {
      const digest = await fetchInto(task, partial, meta, hub, progress);
      const size = (await sizeOf(partial)) ?? 0;
      if (meta.size !== undefined && size < meta.size) throw new NetworkFailure(`connection closed after ${formatBytes(size)} of ${formatBytes(meta.size)}`, true);
      if (meta.size !== undefined && size > meta.size) {
        await rm(partial, { force: true });
        throw new DownloadError(`${task.name}: got ${size} bytes but the hub says ${meta.size}; deleted the download, run again to start over`);
      }
      if (meta.sha256 && digest !== meta.sha256) {
        await rm(partial, { force: true });
        throw new DownloadError(`${task.name}: checksum mismatch (sha256 ${digest}, expected ${meta.sha256}); deleted the download, run again to start over`);
      }
      break;
    } catch (error) {
      const progressed = ((await sizeOf(partial)) ?? 0) > before;
      await backOff(error, error instanceof NetworkFailure || statusRetryable(error), progressed);
    }
  }
  await rename(partial, task.target);
}
