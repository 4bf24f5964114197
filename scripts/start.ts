import { configOrExit, databaseUrlOrExit } from "./lib/cli";
import { exitCodeOf, runNext } from "./lib/next-app";

// Production start: the same validation as the demo, then `next start` on the built app.
// Run `npm run db:migrate` first (the Docker image does).
const config = configOrExit();
databaseUrlOrExit(config);
const server = runNext(["start", "--port", String(config.PORT), "--hostname", config.HOST], process.env);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
process.exitCode = await exitCodeOf(server);
