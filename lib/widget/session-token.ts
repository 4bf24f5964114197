import "server-only";
import { createHmac } from "node:crypto";
import { decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import { z } from "zod";

/** Long enough for a study session; the widget asks for a new one when it expires. */
export const WIDGET_SESSION_SECONDS = 2 * 3600;
const AUDIENCE = "course-assistant:widget";

const claims = z.object({
  /** The host page's origin the session was opened from: it must stay on the site's allowlist. */
  origin: z.string().min(1),
  visitor: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
});

/** Who a widget session speaks for: an anonymous visitor, or a user the host site signed in. */
export type WidgetSession = z.infer<typeof claims>;

/**
 * The key one site's sessions are signed with, derived from the app's secret and the site's.
 * Rotating the site's secret changes it, which ends the site's sessions. The site's secret alone
 * is not the key: the host holds it to sign identities, and must not be able to mint sessions for
 * any user, visitor or origin, nor pass one of its identity tokens off as a session.
 */
export function widgetSessionKey(appSecret: string, siteSecret: string): Uint8Array {
  return createHmac("sha256", appSecret).update(`widget-session\0${siteSecret}`).digest();
}

/** A session token for the site `siteId`, named in the token's header so it can be checked with that site's key. */
export async function issueWidgetSession(siteId: string, session: WidgetSession, key: Uint8Array): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + WIDGET_SESSION_SECONDS * 1000);
  const token = await new SignJWT(session)
    .setProtectedHeader({ alg: "HS256", kid: siteId })
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
  return { token, expiresAt };
}

/** The site a token names, read without checking it (the site's key does that next); null when malformed. */
export function widgetSessionSite(token: string): string | null {
  try {
    const { kid } = decodeProtectedHeader(token);
    return typeof kid === "string" && kid !== "" ? kid : null;
  } catch {
    return null;
  }
}

/** The session a token carries, or null when it is forged, expired, or signed with another key. */
export async function readWidgetSession(token: string, key: Uint8Array): Promise<WidgetSession | null> {
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"], audience: AUDIENCE });
    const parsed = claims.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
