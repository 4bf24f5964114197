import { randomBytes } from "node:crypto";
import { BlockList, isIP } from "node:net";
import type { Config } from "@/lib/config/load";

/**
 * The connection's peer, as our own server (scripts/app-server.ts) saw it on the socket. Route
 * handlers never see the socket, and Next.js only fills X-Forwarded-For when the client left it
 * out, so the server stamps each request with the peer's address and a secret of this process:
 * a client that sends the header itself cannot know the secret, and a request without a valid
 * stamp (a server started some other way) counts as one shared "unknown" address, never as
 * whatever the client claims.
 */
export const PEER_HEADER = "x-course-assistant-peer";
const TOKEN = Symbol.for("course-assistant.peer-stamp");

function processToken(): string {
  const scope = globalThis as { [TOKEN]?: string };
  return (scope[TOKEN] ??= randomBytes(18).toString("base64url"));
}

/** The header value that says "the socket's peer was `address`", valid in this process only. */
export function peerStamp(address: string | undefined): string {
  return `${processToken()} ${address ?? UNKNOWN_ADDRESS}`;
}

function stampedPeer(headers: Headers): string | null {
  const [token, address] = (headers.get(PEER_HEADER) ?? "").split(" ");
  return token === processToken() && address ? normalize(address) : null;
}

// An IPv4 client over an IPv6 socket shows up as ::ffff:a.b.c.d.
const normalize = (address: string) => address.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");

/** The address of every request our server did not stamp: one shared, untrusted bucket. */
export const UNKNOWN_ADDRESS = "unknown";

export type ProxyTrust = Pick<Config, "TRUSTED_PROXY_HOPS" | "TRUSTED_PROXIES">;

const blockLists = new Map<string, BlockList>();

function trustedList(ranges: string[]): BlockList {
  const key = ranges.join(",");
  let list = blockLists.get(key);
  if (!list) {
    list = new BlockList();
    for (const range of ranges) {
      const [address, bits] = range.split("/");
      const type = isIP(address) === 6 ? "ipv6" : "ipv4";
      if (bits === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(bits), type);
    }
    blockLists.set(key, list);
  }
  return list;
}

const listed = (list: BlockList, address: string) => {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
};

/**
 * The client's address: the socket's peer, unless that peer is a proxy we were told to trust, in
 * which case X-Forwarded-For is read from the right, one entry per trusted proxy. Entries further
 * left were written by whoever sent the request and are never believed.
 */
export function clientAddress(headers: Headers, trust: ProxyTrust): string {
  const peer = stampedPeer(headers);
  if (!peer) return UNKNOWN_ADDRESS;
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map(normalize).filter(Boolean);
  const chain = [...forwarded, peer];
  if (trust.TRUSTED_PROXY_HOPS > 0) return chain[Math.max(0, chain.length - 1 - trust.TRUSTED_PROXY_HOPS)];
  if (trust.TRUSTED_PROXIES.length > 0) {
    const proxies = trustedList(trust.TRUSTED_PROXIES);
    let at = chain.length - 1;
    while (at > 0 && listed(proxies, chain[at])) at--;
    return chain[at];
  }
  return peer;
}

/**
 * The key a per-address limit counts under. An IPv6 client usually holds a whole /64 and can pick
 * any address in it, so IPv6 addresses count per /64.
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head, tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
