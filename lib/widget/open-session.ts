import "server-only";
import { z } from "zod";
import { authSecret } from "@/lib/auth/secret";
import type { Config } from "@/lib/config/load";
import { isOpenToStudents } from "@/lib/courses/visibility";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { admitNewVisitor } from "@/lib/chat/chat-limits";
import { HttpError, TooManyRequests } from "@/lib/http/errors";
import { addressKey, clientAddress } from "@/lib/http/client-address";
import type { SharedLimiter } from "@/lib/rate-limit/shared-limiter";
import { IdentityError, verifyHostIdentity } from "./identity";
import { isAllowedOrigin } from "./origins";
import { issueWidgetSession, widgetSessionKey } from "./session-token";

// A JSON null is taken as no body, as an empty one is.
export const sessionRequest = z.preprocess((body) => body ?? {}, z.object({ identity: z.string().min(1).max(4096).optional() }));
export type SessionRequest = z.output<typeof sessionRequest>;

export type OpenedSession = {
  token: string;
  expiresAt: string;
  site: { name: string };
  course: { slug: string; title: string; language: string };
  user: { name: string | null } | null;
};

/**
 * Opens a widget session for a page on a host site. The browser's Origin header must be on the
 * site's allowlist (an empty list allows no one); a site that requires identity needs the host's
 * signed identity. What comes back is a short-lived token every later widget request carries,
 * signed for this site and origin (lib/chat/owner.ts checks both again on every use).
 * `admitVisitor` refuses (throws) when the caller's address may not start another anonymous student.
 */
export async function openWidgetSession(
  deps: { db: PrismaClient; config: Config; admitVisitor: () => Promise<void> },
  siteKey: string,
  origin: string | null,
  { identity }: SessionRequest,
): Promise<OpenedSession> {
  const site = await deps.db.widgetSite.findUnique({ where: { key: siteKey }, include: { course: true } });
  if (!site) throw new HttpError(404, "unknown_site", "This chat widget is not set up: the site key is unknown.");
  if (!site.enabled || site.course.archivedAt) throw new HttpError(403, "site_disabled", "This chat widget is switched off.");
  if (!isOpenToStudents(site.course)) throw new HttpError(403, "course_unpublished", "This chat's course is not published yet.");
  if (!isAllowedOrigin(site.allowedOrigins, origin)) {
    throw new HttpError(403, "origin_not_allowed", `This chat is not allowed on ${origin ?? "this page"}.`);
  }
  let user: { id: string; name: string | null } | null = null;
  if (identity) {
    try {
      const verified = await verifyHostIdentity(identity, site.secret);
      user = await deps.db.user.upsert({
        where: { widgetSiteId_externalId: { widgetSiteId: site.id, externalId: verified.externalId } },
        update: { name: verified.name },
        create: { widgetSiteId: site.id, externalId: verified.externalId, name: verified.name, role: "STUDENT" },
        select: { id: true, name: true },
      });
    } catch (error) {
      if (!(error instanceof IdentityError)) throw error;
      console.warn(`Widget site ${site.key} (${origin}): refused identity: ${error.message}`);
      throw new HttpError(401, "bad_identity", `Sign-in from the host site was refused: ${error.message}.`);
    }
  } else if (site.requireIdentity) {
    throw new HttpError(401, "identity_required", "Sign in on the host site to use this chat.");
  }
  // Each anonymous session is a new student with fresh allowances: counted like a cookie visitor.
  if (!user) await deps.admitVisitor();
  const visitor = user ? null : await deps.db.visitor.create({ data: {}, select: { id: true } });
  const { token, expiresAt } = await issueWidgetSession(
    site.id,
    { origin, ...(user ? { user: user.id } : { visitor: visitor!.id }) },
    widgetSessionKey(authSecret(deps.config), site.secret),
  );
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    site: { name: site.name },
    course: { slug: site.course.slug, title: site.course.title, language: site.course.language },
    user: user ? { name: user.name } : null,
  };
}

type PageSessionDeps = { db: PrismaClient; config: Config; limiter: SharedLimiter };

/**
 * Counts a session request against its client address, before anything of it is read: a page
 * view opens one session, a script hammering the endpoint (well-formed or not) is refused.
 */
export async function admitSessionRequest(deps: Omit<PageSessionDeps, "db">, request: Request): Promise<void> {
  const address = clientAddress(request.headers, deps.config);
  const decision = await deps.limiter.take([{ key: `widget-session:${addressKey(address)}`, limit: deps.config.WIDGET_SESSIONS_PER_ADDRESS_PER_MINUTE, windowMs: 60_000 }]);
  if (!decision.ok) {
    throw new TooManyRequests("rate_limited", `Too many chat sessions from this address; try again in ${decision.retryAfterS} s.`, decision.retryAfterS);
  }
}

/** Opens a session for the host page that sent `request` (admitted by admitSessionRequest). */
export async function openPageSession(deps: PageSessionDeps, request: Request, siteKey: string, input: SessionRequest): Promise<OpenedSession> {
  const { db, config, limiter } = deps;
  const address = clientAddress(request.headers, config);
  const admitVisitor = () => admitNewVisitor(limiter, config, address);
  return openWidgetSession({ db, config, admitVisitor }, siteKey, request.headers.get("origin"), input);
}
