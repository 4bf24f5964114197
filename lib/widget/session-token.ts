import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";

/** Long enough for a study session; the widget asks for a new one when it expires. */
export const WIDGET_SESSION_SECONDS = 2 * 3600;
const AUDIENCE = "course-assistant:widget";

const claims = z.object({
  site: z.string().min(1),
  course: z.string().min(1),
  visitor: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
});

/** Who a widget session speaks for: an anonymous visitor, or a user the host site signed in. */
export type WidgetSession = z.infer<typeof claims>;

const key = (secret: string) => new TextEncoder().encode(secret);

export async function issueWidgetSession(session: WidgetSession, secret: string): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + WIDGET_SESSION_SECONDS * 1000);
  const token = await new SignJWT(session)
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key(secret));
  return { token, expiresAt };
}

/** The session a widget request carries, or null when the token is missing, forged or expired. */
export async function readWidgetSession(token: string | null | undefined, secret: string): Promise<WidgetSession | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ["HS256"], audience: AUDIENCE });
    const parsed = claims.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
