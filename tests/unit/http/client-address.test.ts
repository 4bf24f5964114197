import { describe, expect, it } from "vitest";
import { addressKey, clientAddress, PEER_HEADER, peerStamp } from "@/lib/http/client-address";

const headers = (peer: string | null, forwarded?: string) =>
  new Headers({ ...(peer ? { [PEER_HEADER]: peerStamp(peer) } : {}), ...(forwarded ? { "x-forwarded-for": forwarded } : {}) });
const direct = { TRUSTED_PROXY_HOPS: 0, TRUSTED_PROXIES: [] };

describe("clientAddress", () => {
  it("is the socket's peer, whatever X-Forwarded-For the client writes, when no proxy is trusted", () => {
    expect(clientAddress(headers("198.51.100.4", "1.2.3.4"), direct)).toBe("198.51.100.4");
    expect(clientAddress(headers("::ffff:198.51.100.4"), direct)).toBe("198.51.100.4");
  });

  it("counts a request without our server's stamp, or with a forged one, as the one unknown address", () => {
    expect(clientAddress(headers(null, "1.2.3.4"), direct)).toBe("unknown");
    expect(clientAddress(new Headers({ [PEER_HEADER]: "guessed-token 1.2.3.4", "x-forwarded-for": "1.2.3.4" }), direct)).toBe("unknown");
  });

  it("behind N trusted hops, takes the entry the outermost trusted proxy saw, ignoring what the client prepended", () => {
    const oneHop = { TRUSTED_PROXY_HOPS: 1, TRUSTED_PROXIES: [] };
    expect(clientAddress(headers("10.0.0.2", "6.6.6.6, 203.0.113.9"), oneHop)).toBe("203.0.113.9");
    expect(clientAddress(headers("10.0.0.2"), oneHop)).toBe("10.0.0.2");
    const twoHops = { TRUSTED_PROXY_HOPS: 2, TRUSTED_PROXIES: [] };
    expect(clientAddress(headers("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.1"), twoHops)).toBe("203.0.113.9");
  });

  it("with a CIDR list, walks left past trusted proxies only", () => {
    const cidr = { TRUSTED_PROXY_HOPS: 0, TRUSTED_PROXIES: ["10.0.0.0/8", "fd00::/8"] };
    expect(clientAddress(headers("10.1.2.3", "6.6.6.6, 203.0.113.9, 10.0.0.7"), cidr)).toBe("203.0.113.9");
    // The peer is not a trusted proxy: its X-Forwarded-For is the client's own claim.
    expect(clientAddress(headers("198.51.100.4", "10.0.0.1"), cidr)).toBe("198.51.100.4");
    expect(clientAddress(headers("fd00::1", "2001:db8::5"), cidr)).toBe("2001:db8::5");
  });
});

describe("addressKey", () => {
  it("counts IPv6 clients per /64 and IPv4 clients per address", () => {
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
  });
});
