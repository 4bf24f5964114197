import { parentPort, workerData } from "node:worker_threads";
import { parseDocument, ParseError } from "./index";
import type { ParseRequest, ParseThreadMessage } from "./isolated";

// Runs in a parse thread (see isolated.ts): parses one file and posts the result back. The clock
// starts once the parsers are loaded, so the time limit measures the file, not the start-up.
const port = parentPort!;
const post = (message: ParseThreadMessage) => port.postMessage(message);
const { filePath, fileName, limits } = workerData as ParseRequest;
post({ type: "started" });
try {
  post({ type: "parsed", document: await parseDocument(filePath, fileName, limits) });
} catch (error) {
  if (!(error instanceof ParseError)) throw error;
  post({ type: "refused", code: error.code, message: error.message });
}
