import { describe, expect, it } from "vitest";
import { getScriptNonceFromHeader } from "next/dist/server/app-render/get-script-nonce-from-header";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/http/security-headers";

const directives = (policy: string) => new Map(policy.split("; ").map((directive) => [directive.split(" ")[0], directive.split(" ").slice(1)]));
const page = { nonce: "bm9uY2Utb25l", dev: false, https: false, framedBy: [] };

describe("contentSecurityPolicy", () => {
  it("runs only nonced scripts, loads everything else from this site, and cannot be framed", () => {
    const policy = directives(contentSecurityPolicy(page));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-bm9uY2Utb25l'", "'strict-dynamic'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("font-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("names no host but this one for images, so an answer cannot send data elsewhere", () => {
    const policy = contentSecurityPolicy(page);
    expect(policy).not.toMatch(/https?:|\*/);
  });

  it("lets the embedded chat be framed by its site's origins only", () => {
    const policy = directives(contentSecurityPolicy({ ...page, framedBy: ["https://lms.example", "https://moodle.example:8443"] }));
    expect(policy.get("frame-ancestors")).toEqual(["https://lms.example", "https://moodle.example:8443"]);
  });

  it("allows eval only for `next dev`, and upgrades requests only over HTTPS", () => {
    expect(directives(contentSecurityPolicy({ ...page, dev: true })).get("script-src")).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy(page)).not.toContain("unsafe-eval");
    expect(directives(contentSecurityPolicy({ ...page, https: true })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("carries a nonce Next.js reads back for its scripts, new every time", () => {
    const nonces = Array.from({ length: 50 }, newNonce);
    expect(new Set(nonces).size).toBe(50);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(getScriptNonceFromHeader(contentSecurityPolicy({ ...page, nonce }))).toBe(nonce);
    }
  });
});

describe("securityHeaders", () => {
  it("sets the usual headers and forbids framing", () => {
    expect(securityHeaders({ https: false, framed: false })).toEqual({
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
      "permissions-policy": "camera=(), microphone=(), geolocation=()",
      "x-frame-options": "DENY",
    });
  });

  it("leaves X-Frame-Options to the policy on a framed page, and adds HSTS only over HTTPS", () => {
    expect(securityHeaders({ https: false, framed: true })).not.toHaveProperty("x-frame-options");
    expect(securityHeaders({ https: true, framed: false })["strict-transport-security"]).toBe("max-age=31536000");
    expect(securityHeaders({ https: false, framed: false })).not.toHaveProperty("strict-transport-security");
  });
});
