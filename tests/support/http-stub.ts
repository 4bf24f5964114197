import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type StubServer = { url: string; requests: { method: string; path: string; headers: IncomingMessage["headers"] }[]; close: () => Promise<void> };

/** A local HTTP server for tests that records requests and answers with the given handler. */
export async function startStub(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<StubServer> {
  const requests: StubServer["requests"] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 where nothing listens (for "down" cases). */
export async function closedPort(): Promise<number> {
  const stub = await startStub(() => {});
  const port = Number(new URL(stub.url).port);
  await stub.close();
  return port;
}
