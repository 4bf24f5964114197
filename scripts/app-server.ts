import { createServer } from "node:http";
import next from "next";
import { PEER_HEADER, peerStamp } from "@/lib/http/client-address";

// The built app behind our own HTTP server instead of `next start`: the same Next.js request
// handler, with each request stamped with its socket's peer address so per-address limits rest on
// the connection, not on headers a client writes (lib/http/client-address.ts).
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "127.0.0.1";
const app = next({ dev: false, dir: process.cwd(), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  request.headers[PEER_HEADER] = peerStamp(request.socket.remoteAddress);
  void handle(request, response);
});
// Above a proxy's or load balancer's idle timeout, so the proxy closes idle connections first.
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => console.log(`[app] listening on http://${hostname}:${port}`));

const stop = () => {
  server.close(() => process.exit(0));
  // Streamed answers may hold connections open; do not wait for them forever.
  setTimeout(() => process.exit(0), 5_000).unref();
  server.closeIdleConnections();
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
