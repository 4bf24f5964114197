import { mkdir, access, constants } from "node:fs/promises";

export type ComponentStatus = "up" | "down" | "not_configured";

export type ComponentHealth = {
  status: ComponentStatus;
  /** Which implementation was checked, e.g. "lancedb" or "vllm". */
  provider: string;
  latencyMs?: number;
  error?: string;
};

export async function timed(provider: string, probe: () => Promise<void>): Promise<ComponentHealth> {
  const started = performance.now();
  try {
    await probe();
    return { status: "up", provider, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: "down", provider, latencyMs: Math.round(performance.now() - started), error: describe(error) };
  }
}

/** Resolves when GET url answers 2xx within the timeout. */
export async function httpOk(url: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<void> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs), cache: "no-store" });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`GET ${new URL(url).pathname} answered HTTP ${response.status}`);
}

/** Resolves when the directory exists (created if missing) and is writable. */
export async function writableDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await access(dir, constants.W_OK);
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return "timed out";
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    return cause?.code ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}
