import { parentPort, workerData } from "node:worker_threads";
import type { ParseRequest, ParseThreadMessage } from "@/lib/rag/parse/isolated";

// A parse thread entry for tests (isolatedParser's `entry`): files named slow-* or hungry-* stand
// for a pathological PDF and a decompression bomb, and parse fine if nothing stops them, so a test
// shows the limit did; any other file goes to the real parse thread.
const { fileName } = workerData as ParseRequest;
const post = (message: ParseThreadMessage) => parentPort!.postMessage(message);
const parsed = () => post({ type: "parsed", document: { title: null, pageCount: null, blocks: [{ kind: "paragraph", text: "Parsed after all.", page: null, headingPath: [] }] } });

if (fileName.startsWith("slow-")) {
  post({ type: "started" });
  const until = Date.now() + 8_000;
  while (Date.now() < until);
  parsed();
} else if (fileName.startsWith("hungry-")) {
  post({ type: "started" });
  // About 400 MB held at once.
  const held: number[][] = [];
  for (let i = 0; i < 400; i++) held.push(new Array<number>(128 * 1024).fill(i + 0.5));
  parsed();
} else {
  await import("@/lib/rag/parse/parse-thread");
}
