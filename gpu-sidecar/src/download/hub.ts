import { DownloadError } from "./errors.js";
import { exchange } from "./http.js";

export const DEFAULT_ENDPOINT = "https://huggingface.co";

export type HubOptions = {
  /** The hub or a mirror of it (HF_ENDPOINT), without a trailing slash. */
  endpoint: string;
  /** Sent as a bearer token when set (HF_TOKEN): private and gated repositories need one. */
  token?: string | undefined;
  /** A connection that delivers nothing for this long is dropped (and retried). */
  idleMs: number;
  signal?: AbortSignal | undefined;
};

export type FileMetadata = {
  /** Bytes, when the hub says. */
  size: number | undefined;
  /** For files kept in LFS (weights, large tokenizers) the hub's etag is their sha256. */
  sha256: string | undefined;
};

// huggingface_hub follows this many relative redirects (a renamed repository) on HEAD.
const MAX_RELATIVE_REDIRECTS = 5;

export function resolveUrl(endpoint: string, repo: string, revision: string, file: string): string {
  const filePath = file.split("/").map(encodeURIComponent).join("/");
  return `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${filePath}`;
}

export function hubHeaders(token: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return {
    // Byte ranges and sizes refer to the stored file, not to a compressed transfer of it.
    "accept-encoding": "identity",
    "user-agent": "course-assistant-model-download",
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...extra,
  };
}

/** The hub's error for a status, with its own explanation (X-Error-Code/-Message) when it gives one. */
export function statusError(method: string, url: string, response: Response): DownloadError {
  const code = response.headers.get("x-error-code");
  const detail = [code, response.headers.get("x-error-message")].filter(Boolean).join(": ");
  const hint = response.status === 401 || response.status === 403 || code === "GatedRepo" ? "; the repository may be private or gated: set HF_TOKEN" : "";
  return new DownloadError(`${method} ${url} answered ${response.status} ${response.statusText}${detail ? ` (${detail})` : ""}${hint}`, response.status);
}

function etagOf(value: string | null): string | undefined {
  return value?.replace(/^W\//, "").replace(/"/g, "") || undefined;
}

/**
 * What the hub says about a file, the way huggingface_hub asks: HEAD on the resolve URL without
 * following the redirect to the file store, since the redirect itself carries the LFS file's size
 * (X-Linked-Size) and sha256 (X-Linked-Etag); a file outside LFS answers 200 with ETag and
 * Content-Length.
 */
export async function fetchMetadata(url: string, hub: HubOptions): Promise<FileMetadata> {
  let current = url;
  for (let hop = 0; hop <= MAX_RELATIVE_REDIRECTS; hop++) {
    const { response, close } = await exchange(current, { method: "HEAD", headers: hubHeaders(hub.token), redirect: "manual" }, hub);
    close();
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location?.startsWith("/")) {
      current = new URL(location, current).href;
      continue;
    }
    if (response.status >= 400 || (response.status >= 300 && !location)) throw statusError("HEAD", current, response);
    // A redirect's own Content-Length and ETag describe the redirect, not the file.
    const direct = response.status < 300;
    const size = Number(response.headers.get("x-linked-size") ?? (direct ? response.headers.get("content-length") : null) ?? Number.NaN);
    const etag = etagOf(response.headers.get("x-linked-etag") ?? (direct ? response.headers.get("etag") : null));
    return {
      size: Number.isSafeInteger(size) && size >= 0 ? size : undefined,
      sha256: etag && /^[0-9a-f]{64}$/i.test(etag) ? etag.toLowerCase() : undefined,
    };
  }
  throw new DownloadError(`HEAD ${url}: more than ${MAX_RELATIVE_REDIRECTS} redirects`);
}
