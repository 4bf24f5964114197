import { z } from "zod";

/**
 * An origin as browsers send it: scheme, host and port, nothing else. Staff paste addresses with
 * paths or trailing slashes, so those are reduced to their origin rather than refused.
 */
export const allowedOrigin = z
  .string()
  .trim()
  .transform((value, ctx) => {
    try {
      const url = new URL(value);
      if (url.protocol === "http:" || url.protocol === "https:") return url.origin;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: "custom", message: `"${value}" is not a web address such as https://lms.university.ru` });
    return z.NEVER;
  });

export function isAllowedOrigin(allowed: readonly string[], origin: string | null | undefined): origin is string {
  return !!origin && allowed.includes(origin);
}

/** The Content-Security-Policy that lets only the site's allowed origins frame the chat. */
export function frameAncestors(allowed: readonly string[]): string {
  return `frame-ancestors ${allowed.length > 0 ? allowed.join(" ") : "'none'"}`;
}
