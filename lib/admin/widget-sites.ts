import { randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertCourseAccess, type StaffIdentity } from "@/lib/auth/staff";
import type { PrismaClient, WidgetSite } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/http/errors";
import { allowedOrigin } from "@/lib/widget/origins";
import { assertCourseExists } from "./courses";

const widgetSiteFields = z.object({
  name: z.string().trim().min(1, "must not be empty").max(200),
  allowedOrigins: z.array(allowedOrigin).max(50),
  requireIdentity: z.boolean(),
  rateLimitPerMinute: z.number().int().min(1).max(10_000),
  enabled: z.boolean(),
});
export const widgetSiteInput = widgetSiteFields.extend({
  allowedOrigins: widgetSiteFields.shape.allowedOrigins.default([]),
  requireIdentity: widgetSiteFields.shape.requireIdentity.default(false),
  rateLimitPerMinute: widgetSiteFields.shape.rateLimitPerMinute.default(20),
  enabled: widgetSiteFields.shape.enabled.default(true),
});
// Built from the fields without their defaults: zod fills a default in even under .partial(), so a
// patch of one field would otherwise reset every other one to its creation value.
export const widgetSitePatch = widgetSiteFields.partial();

/** The secret is shown to staff (they configure their host's signing with it); never to students. */
export type WidgetSiteView = Pick<WidgetSite, "id" | "key" | "name" | "courseId" | "allowedOrigins" | "requireIdentity" | "rateLimitPerMinute" | "enabled" | "secret">;

function view(site: WidgetSite): WidgetSiteView {
  const { id, key, name, courseId, allowedOrigins, requireIdentity, rateLimitPerMinute, enabled, secret } = site;
  return { id, key, name, courseId, allowedOrigins: [...new Set(allowedOrigins)], requireIdentity, rateLimitPerMinute, enabled, secret };
}

const token = (prefix: string, bytes: number) => `${prefix}${randomBytes(bytes).toString("base64url")}`;

export async function listWidgetSites(db: PrismaClient, staff: StaffIdentity, courseId: string): Promise<WidgetSiteView[]> {
  await assertCourseExists(db, staff, courseId);
  return (await db.widgetSite.findMany({ where: { courseId }, orderBy: { createdAt: "asc" } })).map(view);
}

export async function createWidgetSite(db: PrismaClient, staff: StaffIdentity, courseId: string, body: unknown): Promise<WidgetSiteView> {
  await assertCourseExists(db, staff, courseId);
  const input = widgetSiteInput.parse(body);
  const site = await db.widgetSite.create({
    data: { ...input, allowedOrigins: [...new Set(input.allowedOrigins)], courseId, key: token("ws_", 12), secret: token("", 32) },
  });
  await recordAudit(db, { actorId: staff.userId, action: "create", entityType: "widget_site", entityId: site.id, details: { name: site.name } });
  return view(site);
}

async function siteForStaff(db: PrismaClient, staff: StaffIdentity, siteId: string): Promise<WidgetSite> {
  const site = await db.widgetSite.findUnique({ where: { id: siteId } });
  if (!site) throw notFound("The widget site");
  assertCourseAccess(staff, site.courseId);
  return site;
}

export async function updateWidgetSite(db: PrismaClient, staff: StaffIdentity, siteId: string, patch: z.output<typeof widgetSitePatch>): Promise<WidgetSiteView> {
  await siteForStaff(db, staff, siteId);
  const site = await db.widgetSite.update({
    where: { id: siteId },
    data: { ...patch, ...(patch.allowedOrigins ? { allowedOrigins: [...new Set(patch.allowedOrigins)] } : {}) },
  });
  await recordAudit(db, { actorId: staff.userId, action: "update", entityType: "widget_site", entityId: siteId, details: { fields: Object.keys(patch) } });
  return view(site);
}

/** A new secret: identities signed with the old one stop working at once. */
export async function rotateWidgetSecret(db: PrismaClient, staff: StaffIdentity, siteId: string): Promise<WidgetSiteView> {
  await siteForStaff(db, staff, siteId);
  const site = await db.widgetSite.update({ where: { id: siteId }, data: { secret: token("", 32) } });
  await recordAudit(db, { actorId: staff.userId, action: "update", entityType: "widget_site", entityId: siteId, details: { fields: ["secret"] } });
  return view(site);
}

export async function deleteWidgetSite(db: PrismaClient, staff: StaffIdentity, siteId: string): Promise<void> {
  await siteForStaff(db, staff, siteId);
  await db.widgetSite.delete({ where: { id: siteId } });
  await recordAudit(db, { actorId: staff.userId, action: "delete", entityType: "widget_site", entityId: siteId });
}
