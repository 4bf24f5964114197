import { endStaffSessions } from "@/lib/admin/staff";
import { adminRoute } from "@/lib/admin/route";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const POST = adminRoute<{ userId: string }>(async (_request, { params, staff }) =>
  Response.json({ member: await endStaffSessions(getDb(), staff, params.userId) }),
);
