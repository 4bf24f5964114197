import { z } from "zod";
import { importQaCsv } from "@/lib/admin/qa-csv";
import { adminRoute } from "@/lib/admin/route";
import { HttpError } from "@/lib/http/errors";
import { getRagServices } from "@/lib/rag/services";

export const dynamic = "force-dynamic";

const MAX_CSV_BYTES = 2 * 1024 * 1024;
const query = z.object({ courseId: z.string().min(1, "courseId is required (a course id, or global)") });

/** Imports a CSV (the request body, text/csv) into a course's entries, or the global ones. */
export const POST = adminRoute(async (request, { staff }) => {
  const { courseId } = query.parse({ courseId: new URL(request.url).searchParams.get("courseId") ?? "" });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_CSV_BYTES) throw new HttpError(413, "too_large", "The CSV is larger than 2 MB.");
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_CSV_BYTES) throw new HttpError(413, "too_large", "The CSV is larger than 2 MB.");
  const summary = await importQaCsv(await getRagServices(), staff, courseId === "global" ? null : courseId, text);
  return Response.json(summary);
});
