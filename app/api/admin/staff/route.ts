import { createStaffMember, listStaffMembers } from "@/lib/admin/staff";
import { adminRoute } from "@/lib/admin/route";
import { assertAdmin } from "@/lib/auth/staff";
import { getDb } from "@/lib/db/client";
import { readJson } from "@/lib/http/body";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async (_request, { staff }) => Response.json({ staff: await listStaffMembers(getDb(), staff) }));

export const POST = adminRoute(async (request, { staff }) => {
  // Before the body is read, so staff learn nothing from validation errors.
  assertAdmin(staff);
  return Response.json({ member: await createStaffMember(getDb(), staff, await readJson(request)) }, { status: 201 });
});
