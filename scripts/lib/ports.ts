import net from "node:net";

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(undefined));
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : undefined));
    });
  });
}

/** The preferred port when it is free on 127.0.0.1, otherwise any free port. */
export async function freePort(preferred: number): Promise<number> {
  const port = (await tryListen(preferred)) ?? (await tryListen(0));
  if (port === undefined) throw new Error("No free TCP port on 127.0.0.1");
  return port;
}
