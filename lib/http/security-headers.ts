import { frameAncestors } from "@/lib/widget/origins";

export type PolicyOptions = {
  /** Fresh for every response: only scripts carrying it run. */
  nonce: string;
  /** `next dev` evaluates code for its stack traces and fast refresh; a build never does. */
  dev: boolean;
  /** The app is served over HTTPS (APP_URL), so no plain-HTTP resource is ever wanted. */
  https: boolean;
  /** Origins allowed to frame the page: only the embedded chat has any. */
  framedBy: readonly string[];
};

/**
 * The Content-Security-Policy of every page. Scripts run only with the nonce; 'strict-dynamic'
 * extends that trust to the chunks Next.js loads from its nonced scripts. Styles stay
 * 'unsafe-inline' because React, KaTeX and the charts write style attributes, which a nonce cannot
 * cover. Images only from this site (or inline data), so nothing a page shows can carry data to
 * another host, and no page can be framed except by the origins named.
 */
export function contentSecurityPolicy({ nonce, dev, https, framedBy }: PolicyOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    frameAncestors(framedBy),
    // Over plain HTTP (the demo, a LAN) it would send the page's own requests to a port that is not there.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/**
 * Headers for every response, pages and API alike. X-Frame-Options is for browsers without
 * frame-ancestors; the embedded chat goes without it, since such a browser would refuse the sites
 * on its allowlist too. HSTS has no includeSubDomains: the app's host speaks only for itself.
 */
export function securityHeaders({ https, framed }: { https: boolean; framed: boolean }): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    ...(framed ? {} : { "x-frame-options": "DENY" }),
    ...(https ? { "strict-transport-security": "max-age=31536000" } : {}),
  };
}

/** 128 random bits in base64, the form Next.js reads back from the policy to put on its scripts. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
