import { endStaffSessions } from "@/lib/admin/staff";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

export const POST = staffRoute({}, async ({ container, staff, params }) => Response.json({ member: await endStaffSessions(container.db, staff, params.userId) }));
