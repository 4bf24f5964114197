import { Worker } from "node:worker_threads";
import type { ParseLimits } from "./index";
import { ParseError, type ParsedDocument, type ParseFailureCode } from "./types";

/** What a parse thread is given: its TypeScript entry (loaded by thread-boot.mjs) and one file. */
export type ParseRequest = { entry: string; filePath: string; fileName: string; limits: ParseLimits };

export type ParseThreadMessage =
  | { type: "started" }
  | { type: "parsed"; document: ParsedDocument }
  | { type: "refused"; code: ParseFailureCode; message: string };

export type ParseIsolation = { timeoutS: number; memoryMb: number };

/** Loading tsx and the parsers in a new thread; past this the thread is stuck, not the file. */
const START_ALLOWANCE_MS = 60_000;
const BOOT = new URL("./thread-boot.mjs", import.meta.url);
const ENTRY = new URL("./parse-thread.ts", import.meta.url);

function outOfMemory(error: Error): boolean {
  return (error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY";
}

/**
 * parseDocument, each file in a worker thread of its own with a heap cap and a time limit: a
 * decompression bomb or a pathological PDF then fails its document with a ParseError (so it is not
 * retried) instead of stalling the ingestion worker or taking the process down with it. The
 * thread is terminated either way, so whatever a parser leaks goes with it. `entry` is the
 * thread's module, replaceable so tests can put a hostile parser behind the same boundary.
 */
export function isolatedParser(isolation: ParseIsolation, entry: URL = ENTRY) {
  return (filePath: string, fileName: string, limits: ParseLimits): Promise<ParsedDocument> =>
    new Promise((resolve, reject) => {
      const request: ParseRequest = { entry: entry.href, filePath, fileName, limits };
      const thread = new Worker(BOOT, { workerData: request, resourceLimits: { maxOldGenerationSizeMb: isolation.memoryMb } });
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
        void thread.terminate();
      };
      const tooSlow = () =>
        settle(() =>
          reject(
            new ParseError(
              "parse_timeout",
              `Parsing took longer than ${isolation.timeoutS} s and was stopped; the file may be damaged or unusually complex, so save it again (or split it) and upload it again.`,
            ),
          ),
        );
      // Not the file's fault: an ordinary error, so the job is tried again.
      let timer = setTimeout(() => settle(() => reject(new Error("the parse thread did not start in time"))), START_ALLOWANCE_MS);
      thread.on("message", (message: ParseThreadMessage) => {
        if (message.type === "started") {
          clearTimeout(timer);
          timer = setTimeout(tooSlow, isolation.timeoutS * 1000);
        } else if (message.type === "parsed") settle(() => resolve(message.document));
        else settle(() => reject(new ParseError(message.code, message.message)));
      });
      thread.on("error", (error) =>
        settle(() =>
          reject(
            outOfMemory(error)
              ? new ParseError(
                  "parse_memory",
                  `Parsing needed more than ${isolation.memoryMb} MB of memory and was stopped; the file may be damaged or unpack to far more than its size, so save it again (or split it) and upload it again.`,
                )
              : error,
          ),
        ),
      );
      thread.on("exit", (code) => settle(() => reject(new Error(`the parse thread exited (code ${code}) without an answer`))));
    });
}
