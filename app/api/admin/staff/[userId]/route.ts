import { updateStaffMember } from "@/lib/admin/staff";
import { adminRoute } from "@/lib/admin/route";
import { assertAdmin } from "@/lib/auth/staff";
import { getDb } from "@/lib/db/client";
import { readJson } from "@/lib/http/body";

export const dynamic = "force-dynamic";

export const PATCH = adminRoute<{ userId: string }>(async (request, { params, staff }) => {
  assertAdmin(staff);
  return Response.json({ member: await updateStaffMember(getDb(), staff, params.userId, await readJson(request)) });
});
