import path from "node:path";
import { assertCourseExists } from "@/lib/admin/courses";
import { acceptUploads, listDocuments } from "@/lib/admin/documents";
import { adminRoute } from "@/lib/admin/route";
import { getConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import { receiveUploads } from "@/lib/documents/receive-uploads";
import { getRagServices } from "@/lib/rag/services";

export const dynamic = "force-dynamic";

/** Files per upload request; the console sends larger selections in several requests. */
const MAX_FILES_PER_REQUEST = 20;

export const GET = adminRoute<{ courseId: string }>(async (_request, { params, staff }) => {
  const db = getDb();
  await assertCourseExists(db, staff, params.courseId);
  // Which documents still wait for the current model's vectors ("vectors pending").
  const space = await (await getRagServices()).spaces.current();
  return Response.json({ documents: await listDocuments(db, params.courseId, space) });
});

/**
 * Multipart upload of one or more files. 201 when every file was accepted, 207 when some were
 * refused (each with its reason), and the first refusal's status when none was accepted.
 */
export const POST = adminRoute<{ courseId: string }>(async (request, { params, staff }) => {
  const db = getDb();
  const config = getConfig();
  await assertCourseExists(db, staff, params.courseId);
  const received = await receiveUploads(request, {
    tempDir: path.join(config.paths.uploads, ".incoming"),
    maxBytes: config.UPLOAD_MAX_MB * 1024 * 1024,
    maxFiles: MAX_FILES_PER_REQUEST,
  });
  const files = await acceptUploads({ db, config }, staff, params.courseId, received);
  const refused = files.filter((file) => !file.ok);
  const status = refused.length === 0 ? 201 : refused.length < files.length ? 207 : refused[0].status;
  return Response.json({ files }, { status });
});
