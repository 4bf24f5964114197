import path from "node:path";
import { assertCourseExists } from "@/lib/admin/courses";
import { acceptUploads, listDocuments } from "@/lib/admin/documents";
import { adminRoute } from "@/lib/admin/route";
import { getConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import { discardReceived, receiveUploads } from "@/lib/documents/receive-uploads";
import { TooManyRequests } from "@/lib/http/errors";
import { SharedLimiter, type Limit, type RateDecision } from "@/lib/rate-limit/shared-limiter";
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

const HOUR_MS = 3_600_000;

function uploadRefusal(decision: Extract<RateDecision, { ok: false }>, perHour: number): TooManyRequests {
  const minutes = Math.ceil(decision.retryAfterS / 60);
  return new TooManyRequests("rate_limited", `At most ${perHour} files an hour may be uploaded; try again in ${minutes} min.`, decision.retryAfterS);
}

/**
 * Multipart upload of one or more files. 201 when every file was accepted, 207 when some were
 * refused (each with its reason), and the first refusal's status when none was accepted. Each
 * staff member may upload UPLOADS_PER_HOUR files an hour, counted in PostgreSQL so every app
 * instance shares the count: a full hour is refused before the body is read, and a request whose
 * files do not fit in what is left registers none of them.
 */
export const POST = adminRoute<{ courseId: string }>(async (request, { params, staff }) => {
  const db = getDb();
  const config = getConfig();
  await assertCourseExists(db, staff, params.courseId);
  const limiter = new SharedLimiter(db);
  const limits: Limit[] = [{ key: `upload:${staff.userId}`, limit: config.UPLOADS_PER_HOUR, windowMs: HOUR_MS }];
  const room = await limiter.check(limits);
  if (!room.ok) throw uploadRefusal(room, config.UPLOADS_PER_HOUR);
  const received = await receiveUploads(request, {
    tempDir: path.join(config.paths.uploads, ".incoming"),
    maxBytes: config.UPLOAD_MAX_MB * 1024 * 1024,
    maxFiles: MAX_FILES_PER_REQUEST,
  });
  try {
    const taken = await limiter.take(limits, received.files.length);
    if (!taken.ok) throw uploadRefusal(taken, config.UPLOADS_PER_HOUR);
  } catch (error) {
    await discardReceived(received.files);
    throw error;
  }
  const files = await acceptUploads({ db, config }, staff, params.courseId, received);
  const refused = files.filter((file) => !file.ok);
  const status = refused.length === 0 ? 201 : refused.length < files.length ? 207 : refused[0].status;
  return Response.json({ files }, { status });
});
