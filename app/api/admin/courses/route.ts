import { createCourse, listCourses } from "@/lib/admin/courses";
import { adminRoute } from "@/lib/admin/route";
import { getDb } from "@/lib/db/client";
import { readJson } from "@/lib/http/body";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async (_request, { staff }) => Response.json({ courses: await listCourses(getDb(), staff) }));

export const POST = adminRoute(async (request, { staff }) => {
  return Response.json({ course: await createCourse(getDb(), staff, await readJson(request)) }, { status: 201 });
});
