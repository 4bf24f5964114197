import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the LLM servers the app talks to, speaking their real streaming wire
 * formats: vLLM's OpenAI-compatible `POST /v1/chat/completions` (SSE chunks, a usage chunk,
 * `data: [DONE]`) and Gemini's `POST /v1beta/models/{model}:streamGenerateContent?alt=sse`.
 * Test code only. What it answers is set by a script: the tokens, the time to first token and
 * between tokens, and a failure mode (the connection drops mid-answer, or nothing ever comes).
 */
export type StandInScript = {
  tokens: string[];
  ttftMs: number;
  tokenIntervalMs: number;
  failure: "none" | "drop-mid-stream" | "never-answer";
  /** With drop-mid-stream: how many tokens are sent before the connection drops. */
  dropAfterTokens: number;
};

export type RecordedRequest = { format: "openai" | "gemini"; path: string; body: Record<string, unknown> };

export type LlmStandIn = {
  url: string;
  requests: RecordedRequest[];
  setScript: (script: Partial<StandInScript>) => void;
  close: () => Promise<void>;
};

export const DEFAULT_SCRIPT: StandInScript = {
  tokens: "Домашнее задание сдаётся до 23:59 воскресенья [1].".split(/(?<= )/),
  ttftMs: 20,
  tokenIntervalMs: 10,
  failure: "none",
  dropAfterTokens: 3,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function wordCount(value: unknown): number {
  return JSON.stringify(value).split(/\s+/).length;
}

type Format = {
  chunk: (text: string, index: number) => unknown;
  final: (promptTokens: number, completionTokens: number) => unknown[];
  done?: string;
};

function openAiFormat(model: string): Format {
  const id = `chatcmpl-${Math.random().toString(16).slice(2)}`;
  const created = Math.floor(Date.now() / 1000);
  const base = { id, object: "chat.completion.chunk", created, model };
  return {
    chunk: (text, index) => ({
      ...base,
      choices: [{ index: 0, delta: index === 0 ? { role: "assistant", content: text } : { content: text }, logprobs: null, finish_reason: null }],
    }),
    final: (prompt, completion) => [
      { ...base, choices: [{ index: 0, delta: { content: "" }, logprobs: null, finish_reason: "stop", stop_reason: null }] },
      { ...base, choices: [], usage: { prompt_tokens: prompt, total_tokens: prompt + completion, completion_tokens: completion } },
    ],
    done: "[DONE]",
  };
}

function geminiFormat(model: string): Format {
  const usage = (prompt: number, completion: number) => ({ promptTokenCount: prompt, candidatesTokenCount: completion, totalTokenCount: prompt + completion });
  return {
    chunk: (text) => ({ candidates: [{ content: { parts: [{ text }], role: "model" }, index: 0 }], modelVersion: model }),
    final: (prompt, completion) => [
      { candidates: [{ content: { parts: [{ text: "" }], role: "model" }, finishReason: "STOP", index: 0 }], usageMetadata: usage(prompt, completion), modelVersion: model },
    ],
  };
}

async function stream(req: IncomingMessage, res: ServerResponse, script: StandInScript, format: Format, promptTokens: number) {
  if (script.failure === "never-answer") return; // the request stays open until the client gives up
  await sleep(script.ttftMs);
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const send = (data: unknown) => res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
  for (const [index, token] of script.tokens.entries()) {
    if (script.failure === "drop-mid-stream" && index === script.dropAfterTokens) {
      // Let what was sent reach the client, then drop the connection like a crashed server.
      await sleep(script.tokenIntervalMs + 20);
      req.socket.destroy();
      return;
    }
    if (index > 0) await sleep(script.tokenIntervalMs);
    if (res.destroyed) return;
    send(format.chunk(token, index));
  }
  for (const data of format.final(promptTokens, script.tokens.length)) send(data);
  if (format.done) send(format.done);
  res.end();
}

export async function startLlmStandIn(initial: Partial<StandInScript> = {}, port = 0): Promise<LlmStandIn> {
  let script: StandInScript = { ...DEFAULT_SCRIPT, ...initial };
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://stand-in");
      if (req.method === "GET" && ["/v1/models", "/v1beta/models", "/health"].includes(url.pathname)) {
        return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: [{ id: "stand-in", object: "model" }] }));
      }
      if (req.method === "POST" && url.pathname === "/control") {
        script = { ...DEFAULT_SCRIPT, ...((await readJson(req)) as Partial<StandInScript>) };
        requests.length = 0;
        return res.writeHead(204).end();
      }
      if (req.method === "GET" && url.pathname === "/control/requests") {
        return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(requests));
      }
      if (req.method === "POST" && url.pathname === "/v1/chat/completions") {
        const body = await readJson(req);
        requests.push({ format: "openai", path: url.pathname, body });
        return stream(req, res, script, openAiFormat(String(body.model)), wordCount(body.messages));
      }
      const gemini = /^\/v1beta\/models\/([^:]+):streamGenerateContent$/.exec(url.pathname);
      if (req.method === "POST" && gemini && url.searchParams.get("alt") === "sse") {
        const body = await readJson(req);
        requests.push({ format: "gemini", path: url.pathname, body });
        return stream(req, res, script, geminiFormat(gemini[1]), wordCount(body.contents) + wordCount(body.systemInstruction));
      }
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `No route ${req.method} ${url.pathname}` } }));
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    setScript: (next) => {
      script = { ...DEFAULT_SCRIPT, ...next };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
