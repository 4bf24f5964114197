import { coursePatch, getCourseDetail, updateCourse } from "@/lib/admin/courses";
import { adminRoute } from "@/lib/admin/route";
import { getDb } from "@/lib/db/client";
import { readJson } from "@/lib/http/body";
import { getRagServices } from "@/lib/rag/services";

export const dynamic = "force-dynamic";

/** The embedding model that answers now, whose dense floor the course shows (null: none answers). */
const currentSpace = async () => (await getRagServices()).spaces.current();

export const GET = adminRoute<{ courseId: string }>(async (_request, { params, staff }) =>
  Response.json({ course: await getCourseDetail(getDb(), staff, params.courseId, await currentSpace()) }),
);

export const PATCH = adminRoute<{ courseId: string }>(async (request, { params, staff }) => {
  const patch = coursePatch.parse(await readJson(request));
  await updateCourse(getDb(), staff, params.courseId, patch);
  return Response.json({ course: await getCourseDetail(getDb(), staff, params.courseId, await currentSpace()) });
});
