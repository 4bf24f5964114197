import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeCourseChatModel } from "../../tests/support/course-chat-model";
import { recreateDatabase } from "../../tests/support/databases";
import { startRetrievalSidecar } from "../../tests/support/embedding-sidecar";
import { startLlmStandIn } from "../../tests/support/llm-stand-in";
import { E2E_AUTH_SECRET } from "../../playwright.config";
import { CHAT_SERVERS } from "./chat-servers";

// One chat e2e server (E2E_CHAT_SERVER names it): the demo command on a fresh database, with the
// real sidecar for embeddings and an LLM stand-in, both children of this process.
const server = CHAT_SERVERS[process.env.E2E_CHAT_SERVER as keyof typeof CHAT_SERVERS];
if (!server) throw new Error(`E2E_CHAT_SERVER must be one of ${Object.keys(CHAT_SERVERS).join(", ")}`);

const chatModel = server.name === "local" ? await writeCourseChatModel(path.join(await mkdtemp(path.join(tmpdir(), "e2e-chat-model-")), "model.gguf")) : undefined;
const sidecar = chatModel
  ? await startRetrievalSidecar({ SIDECAR_CHAT_MODEL_PATH: chatModel, SIDECAR_CHAT_THREADS: "1" }, "static-xlmr", { tokenDelayMs: 50 })
  : await startRetrievalSidecar();
const llm = await startLlmStandIn({}, server.llmPort);
const stop = () => void Promise.all([sidecar.close(), llm.close(), chatModel && rm(path.dirname(chatModel), { recursive: true, force: true })]);
process.once("SIGTERM", stop);
process.once("SIGINT", stop);

const dataDir = `.data/e2e-chat-${server.name}`;
await rm(dataDir, { recursive: true, force: true });
Object.assign(process.env, server.env, {
  PORT: String(server.port),
  DATA_DIR: dataDir,
  EMBEDDINGS_URL: sidecar.url,
  DATABASE_URL: await recreateDatabase(`course_assistant_e2e_chat_${server.name}`),
  LLM_TIMEOUT_MS: "2500",
  AUTH_SECRET: E2E_AUTH_SECRET,
});
await import("../../scripts/demo");
