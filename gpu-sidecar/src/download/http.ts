import { Readable } from "node:stream";
import type { ReadableStream } from "node:stream/web";
import { asNetworkFailure, NetworkFailure } from "./errors.js";

export type Exchange = {
  response: Response;
  /** The body, chunk by chunk; every chunk restarts the idle deadline. */
  body: AsyncIterable<Uint8Array>;
  /** Drops the connection (and the rest of the body). */
  close: () => void;
};

/**
 * fetch() with an idle deadline instead of a total one: a large file may take an hour, but a
 * connection that delivers nothing for `idleMs` (before the headers or between chunks) is dead.
 * Transport errors come out as NetworkFailure; the caller's abort comes out as its reason.
 */
export async function exchange(url: string, init: RequestInit, options: { idleMs: number; signal?: AbortSignal }): Promise<Exchange> {
  const { idleMs, signal } = options;
  signal?.throwIfAborted();
  const controller = new AbortController();
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, idleMs);
  };
  const abort = () => controller.abort();
  signal?.addEventListener("abort", abort, { once: true });
  const close = () => {
    clearTimeout(timer);
    signal?.removeEventListener("abort", abort);
    controller.abort();
  };
  const translate = (error: unknown): unknown => {
    if (signal?.aborted) return signal.reason;
    if (stalled) return new NetworkFailure(`no data for ${idleMs / 1000} s`, true);
    return asNetworkFailure(error) ?? error;
  };

  arm();
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: controller.signal });
  } catch (error) {
    close();
    throw translate(error);
  }
  async function* chunks(): AsyncIterable<Uint8Array> {
    if (!response.body) return close();
    try {
      for await (const chunk of Readable.fromWeb(response.body as ReadableStream<Uint8Array>)) {
        arm();
        yield chunk as Uint8Array;
      }
    } catch (error) {
      throw translate(error);
    } finally {
      close();
    }
  }
  return { response, body: chunks(), close };
}
