import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type HubRequest = { method: string; path: string; range: string | undefined; authorization: string | undefined };

export type ModelHubStandIn = {
  url: string;
  /** Every request, in order. */
  requests: HubRequest[];
  /** The next GET of this repository file sends `bytes` bytes of its body, then drops the connection. */
  cutOnce: (file: string, bytes: number) => void;
  /** From now on GETs of this file serve other bytes than HEAD announces (same length, other sha256). */
  serveWrongBytes: (file: string) => void;
  close: () => Promise<void>;
};

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/**
 * Stands in for the Hugging Face hub in tests. HEAD or GET on `/{repo}/resolve/{revision}/{file}`
 * answers like the hub does for LFS files: 302 with X-Linked-Size, X-Linked-Etag (the quoted
 * sha256) and a Location on the file store, here `/store/{sha256}` on the same server, which
 * serves the bytes with Range support (206, and 416 past the end). Unknown files answer 404 with
 * the hub's X-Error-Code.
 */
export async function startModelHubStandIn(repo: string, files: Record<string, Buffer>, otherRepos: Record<string, Record<string, Buffer>> = {}): Promise<ModelHubStandIn> {
  const requests: HubRequest[] = [];
  const cuts = new Map<string, number>();
  const wrong = new Set<string>();
  const repos: Record<string, Record<string, Buffer>> = { ...otherRepos, [repo]: files };
  const all = Object.fromEntries(Object.values(repos).flatMap((repoFiles) => Object.entries(repoFiles)));
  const byDigest = new Map(Object.entries(all).map(([file, bytes]) => [sha256(bytes), file]));
  let origin = "";

  const resolve = (req: IncomingMessage, res: ServerResponse, repoName: string, file: string) => {
    const bytes = repos[repoName]?.[file];
    if (!bytes) {
      res.writeHead(404, { "x-error-code": "EntryNotFound", "x-error-message": "Entry not found" }).end();
      return;
    }
    const digest = sha256(bytes);
    res
      .writeHead(302, {
        location: `${origin}/store/${digest}`,
        "x-linked-size": String(bytes.length),
        "x-linked-etag": `"${digest}"`,
        "x-repo-commit": "0".repeat(40),
        "content-type": "text/plain",
      })
      .end(req.method === "GET" ? `Found. Redirecting to ${origin}/store/${digest}` : undefined);
  };

  const serve = (req: IncomingMessage, res: ServerResponse, file: string) => {
    let bytes = all[file]!;
    if (wrong.has(file)) {
      bytes = Buffer.from(bytes);
      bytes[bytes.length >> 1]! ^= 0xff;
    }
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
    const start = range ? Number(range[1]) : 0;
    const end = range?.[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
    if (range && start >= bytes.length) {
      res.writeHead(416, { "content-range": `bytes */${bytes.length}` }).end();
      return;
    }
    const body = bytes.subarray(start, end + 1);
    res.writeHead(range ? 206 : 200, {
      "accept-ranges": "bytes",
      "content-length": String(body.length),
      "content-type": "application/octet-stream",
      ...(range ? { "content-range": `bytes ${start}-${end}/${bytes.length}` } : {}),
    });
    if (req.method === "HEAD") return void res.end();
    const cut = cuts.get(file);
    if (cut === undefined) return void res.end(body);
    cuts.delete(file);
    // Flushed first, then the socket goes: the client gets exactly `cut` bytes and a dead connection.
    res.write(body.subarray(0, cut), () => res.destroy());
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", origin);
    requests.push({ method: req.method ?? "", path: url.pathname, range: req.headers.range, authorization: req.headers.authorization });
    const resolveMatch = /^\/([^/]+\/[^/]+)\/resolve\/[^/]+\/(.+)$/.exec(url.pathname);
    const storeMatch = /^\/store\/([0-9a-f]{64})$/.exec(url.pathname);
    if (resolveMatch && resolveMatch[1]! in repos) resolve(req, res, resolveMatch[1]!, decodeURIComponent(resolveMatch[2]!));
    else if (storeMatch && byDigest.has(storeMatch[1]!)) serve(req, res, byDigest.get(storeMatch[1]!)!);
    else res.writeHead(404, { "x-error-code": "RepoNotFound" }).end();
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    requests,
    cutOnce: (file, bytes) => cuts.set(file, bytes),
    serveWrongBytes: (file) => wrong.add(file),
    close: () =>
      new Promise((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
