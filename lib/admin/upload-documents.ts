import path from "node:path";
import { assertCourseExists } from "./courses";
import { acceptUploads, type UploadOutcome } from "./documents";
import type { StaffIdentity } from "@/lib/auth/staff";
import type { Config } from "@/lib/config/load";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { TooManyRequests } from "@/lib/http/errors";
import type { Limit, RateDecision, SharedLimiter } from "@/lib/rate-limit/shared-limiter";
import { discardReceived, receiveUploads } from "@/lib/documents/receive-uploads";

/** Files per upload request; the console sends larger selections in several requests. */
const MAX_FILES_PER_REQUEST = 20;

const HOUR_MS = 3_600_000;

function uploadRefusal(decision: Extract<RateDecision, { ok: false }>, perHour: number): TooManyRequests {
  const minutes = Math.ceil(decision.retryAfterS / 60);
  return new TooManyRequests("rate_limited", `At most ${perHour} files an hour may be uploaded; try again in ${minutes} min.`, decision.retryAfterS);
}

export type UploadAnswer = { files: UploadOutcome[]; status: number };

/**
 * A multipart upload of one or more files into a course. The status is 201 when every file was
 * accepted, 207 when some were refused (each with its reason), and the first refusal's status
 * when none was accepted. Each staff member may upload UPLOADS_PER_HOUR files an hour, counted
 * in PostgreSQL so every app instance shares the count: a full hour is refused before the body is
 * read, and a request whose files do not fit in what is left registers none of them.
 */
export async function uploadCourseDocuments(
  deps: { db: PrismaClient; config: Config; limiter: SharedLimiter },
  staff: StaffIdentity,
  courseId: string,
  request: Request,
): Promise<UploadAnswer> {
  const { db, config, limiter } = deps;
  await assertCourseExists(db, staff, courseId);
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
  const files = await acceptUploads({ db, config }, staff, courseId, received);
  const refused = files.filter((file) => !file.ok);
  return { files, status: refused.length === 0 ? 201 : refused.length < files.length ? 207 : refused[0].status };
}
