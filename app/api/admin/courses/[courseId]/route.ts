import { coursePatch, getCourseDetail, updateCourse } from "@/lib/admin/courses";
import { staffRoute } from "@/lib/http/staff-route";
import type { Container } from "@/lib/server/container";

export const dynamic = "force-dynamic";

/** The embedding model that answers now, whose dense floor the course shows (null: none answers). */
const currentSpace = async (container: Container) => (await container.rag()).spaces.current();

export const GET = staffRoute({}, async ({ container, staff, params }) =>
  Response.json({ course: await getCourseDetail(container.db, staff, params.courseId, await currentSpace(container)) }),
);

export const PATCH = staffRoute({ body: coursePatch }, async ({ container, staff, params, body }) => {
  await updateCourse(container.db, staff, params.courseId, body);
  return Response.json({ course: await getCourseDetail(container.db, staff, params.courseId, await currentSpace(container)) });
});
