import { configOrExit, databaseUrlOrExit } from "./lib/cli";
import { startLocalEmbedder } from "./lib/local-embedder";
import { exitCodeOf, runAppServer, runWorker } from "./lib/next-app";

// Production start: the same validation as the demo, then the built app's server (scripts/app-server.ts) and,
// unless INGEST_WORKER=false, the ingestion worker; and the embedding sidecar when EMBEDDINGS_URL
// is on this machine (see scripts/lib/local-embedder.ts). Run `npm run db:migrate` first (the
// Docker image does).
const config = configOrExit();
databaseUrlOrExit(config);
const embedder = await startLocalEmbedder(config, (line) => console.log(`[start] ${line}`));
const children = [
  runAppServer({ ...process.env, PORT: String(config.PORT), HOST: config.HOST }),
  ...(config.INGEST_WORKER ? [runWorker(process.env)] : []),
];
const stop = () => {
  children.forEach((child) => child.exitCode === null && child.kill("SIGTERM"));
  void embedder.stop();
};
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, stop);
process.exitCode = await Promise.race(children.map(exitCodeOf));
stop();
await embedder.stop();
