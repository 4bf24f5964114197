import { staffPatch, updateStaffMember } from "@/lib/admin/staff";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

export const PATCH = staffRoute({ admin: true, body: staffPatch }, async ({ container, staff, params, body }) =>
  Response.json({ member: await updateStaffMember(container.db, staff, params.userId, body) }),
);
