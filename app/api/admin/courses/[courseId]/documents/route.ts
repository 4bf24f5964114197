import { assertCourseExists } from "@/lib/admin/courses";
import { listDocuments } from "@/lib/admin/documents";
import { uploadCourseDocuments } from "@/lib/admin/upload-documents";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

export const GET = staffRoute({}, async ({ container, staff, params }) => {
  await assertCourseExists(container.db, staff, params.courseId);
  // Which documents still wait for the current model's vectors ("vectors pending").
  const space = await (await container.rag()).spaces.current();
  return Response.json({ documents: await listDocuments(container.db, params.courseId, space) });
});

/** Multipart upload of one or more files (see uploadCourseDocuments); the handler reads the body itself, as it streams to disk. */
export const POST = staffRoute({}, async ({ container, staff, params, request }) => {
  const { files, status } = await uploadCourseDocuments(container, staff, params.courseId, request);
  return Response.json({ files }, { status });
});
