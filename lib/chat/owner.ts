import { authSecret } from "@/lib/auth/secret";
import type { Config } from "@/lib/config/load";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { HttpError } from "@/lib/http/errors";
import { readWidgetSession } from "@/lib/widget/session-token";
import { ensureVisitor, findVisitor } from "./visitor";

/** The header an embedded chat sends its widget session in (a third-party iframe may have no cookies). */
export const WIDGET_TOKEN_HEADER = "x-widget-token";

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

async function widgetOwner(db: PrismaClient, config: Config, token: string): Promise<ChatOwner> {
  const session = await readWidgetSession(token, authSecret(config));
  if (!session) throw new HttpError(401, "widget_session_expired", "The chat session has expired; reopen the chat.");
  const site = await db.widgetSite.findUnique({ where: { id: session.site }, select: { enabled: true, rateLimitPerMinute: true } });
  if (!site?.enabled) throw new HttpError(403, "site_disabled", "This chat widget is switched off.");
  return {
    visitorId: session.visitor ?? null,
    userId: session.user ?? null,
    widget: { siteId: session.site, courseId: session.course, rateLimitPerMinute: site.rateLimitPerMinute },
  };
}

/** The request's owner if it has one yet (no cookie, no widget session: null). */
export async function findOwner(db: PrismaClient, config: Config, request: Request): Promise<ChatOwner | null> {
  const token = request.headers.get(WIDGET_TOKEN_HEADER);
  if (token) return widgetOwner(db, config, token);
  const visitor = await findVisitor(db, request);
  return visitor ? { visitorId: visitor.id, userId: null, widget: null } : null;
}

/** The request's owner, creating the cookie visitor on a first question on the site. */
export async function ensureOwner(db: PrismaClient, config: Config, request: Request): Promise<ChatOwner> {
  const token = request.headers.get(WIDGET_TOKEN_HEADER);
  if (token) return widgetOwner(db, config, token);
  const visitor = await ensureVisitor(db, request);
  return { visitorId: visitor.id, userId: null, widget: null, setCookie: visitor.setCookie };
}
