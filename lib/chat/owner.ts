import { authSecret } from "@/lib/auth/secret";
import type { Config } from "@/lib/config/load";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { HttpError } from "@/lib/http/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { isAllowedOrigin } from "@/lib/widget/origins";
import { readWidgetSession, widgetSessionKey, widgetSessionSite } from "@/lib/widget/session-token";
import { WIDGET_TOKEN_HEADER } from "@/lib/widget/token-header";
import { ensureVisitor, findVisitor } from "./visitor";

/**
 * Whose chats a request may see: an anonymous visitor (a cookie on the site, or a widget session),
 * or a user a widget host signed in, whose history follows them across devices.
 */
export type ChatOwner = {
  visitorId: string | null;
  userId: string | null;
  /** Set for widget traffic: the site it came through, its course and its own rate limit. */
  widget: { siteId: string; courseId: string; rateLimitPerMinute: number } | null;
  /** The cookie to set when this request created the visitor. */
  setCookie?: string;
};

/** The Prisma filter for an owner's chats. */
export function ownedBy(owner: ChatOwner): { userId: string } | { visitorId: string } {
  return owner.userId ? { userId: owner.userId } : { visitorId: owner.visitorId! };
}

const sessionExpired = (why: string) => new HttpError(401, "widget_session_expired", `${why}; reopen the chat.`);

/**
 * A widget session holds only while its site does as it did when the session opened: the token
 * must verify with the site's current secret (rotating it ends every session) and its origin must
 * still be allowed. A 401 makes the widget open a new session, which says why if it is refused.
 */
async function widgetOwner(db: PrismaClient, config: Config, token: string): Promise<ChatOwner> {
  const siteId = widgetSessionSite(token);
  const site = siteId
    ? await db.widgetSite.findUnique({ where: { id: siteId }, select: { id: true, secret: true, enabled: true, allowedOrigins: true, courseId: true, rateLimitPerMinute: true } })
    : null;
  const session = site ? await readWidgetSession(token, widgetSessionKey(authSecret(config), site.secret)) : null;
  if (!site || !session) throw sessionExpired("The chat session has expired");
  if (!site.enabled) throw new HttpError(403, "site_disabled", "This chat widget is switched off.");
  if (!isAllowedOrigin(site.allowedOrigins, session.origin)) throw sessionExpired(`This chat is no longer allowed on ${session.origin}`);
  return {
    visitorId: session.visitor ?? null,
    userId: session.user ?? null,
    widget: { siteId: site.id, courseId: site.courseId, rateLimitPerMinute: site.rateLimitPerMinute },
  };
}

/** The request's owner if it has one yet (no cookie, no widget session: null). */
export async function findOwner(db: PrismaClient, config: Config, request: Request): Promise<ChatOwner | null> {
  const token = request.headers.get(WIDGET_TOKEN_HEADER);
  if (token) return widgetOwner(db, config, token);
  // Another site can make a browser send a write with the visitor cookie, never with a widget
  // session (a header, not an ambient cookie), so only the cookie needs the origin check.
  assertSameOrigin(request, config);
  const visitor = await findVisitor(db, request);
  return visitor ? { visitorId: visitor.id, userId: null, widget: null } : null;
}

/** The request's owner, creating the cookie visitor on a first question on the site. */
export async function ensureOwner(db: PrismaClient, config: Config, request: Request, admitVisitor: () => Promise<void>): Promise<ChatOwner> {
  const token = request.headers.get(WIDGET_TOKEN_HEADER);
  if (token) return widgetOwner(db, config, token);
  assertSameOrigin(request, config);
  const visitor = await ensureVisitor(db, request, admitVisitor);
  return { visitorId: visitor.id, userId: null, widget: null, setCookie: visitor.setCookie };
}
