import { coursePatch, getCourse, updateCourse } from "@/lib/admin/courses";
import { adminRoute } from "@/lib/admin/route";
import { getDb } from "@/lib/db/client";
import { readJson } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

export const GET = adminRoute<{ courseId: string }>(async (_request, { params, staff }) =>
  Response.json({ course: await getCourse(getDb(), staff, params.courseId) }),
);

export const PATCH = adminRoute<{ courseId: string }>(async (request, { params, staff }) => {
  const patch = coursePatch.parse(await readJson(request));
  return Response.json({ course: await updateCourse(getDb(), staff, params.courseId, patch) });
});
