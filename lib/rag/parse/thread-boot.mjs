// Entry of a parse thread. Loader hooks given with `--import tsx` reach neither a worker thread
// nor vitest's workers, so the thread registers tsx itself before it loads its TypeScript entry.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
