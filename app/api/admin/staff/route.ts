import { z } from "zod";
import { createStaffMember, listStaffMembers } from "@/lib/admin/staff";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

export const GET = staffRoute({}, async ({ container, staff }) => Response.json({ staff: await listStaffMembers(container.db, staff) }));

// createStaffMember validates the body itself (createStaffUser, which the CLI shares).
export const POST = staffRoute({ admin: true, body: z.unknown() }, async ({ container, staff, body }) =>
  Response.json({ member: await createStaffMember(container.db, staff, body) }, { status: 201 }),
);
