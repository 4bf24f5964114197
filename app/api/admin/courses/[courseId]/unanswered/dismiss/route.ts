import { adminRoute } from "@/lib/admin/route";
import { dismissQuestions } from "@/lib/admin/unanswered/inbox";
import { getDb } from "@/lib/db/client";
import { readJson } from "@/lib/http/body";

export const dynamic = "force-dynamic";

export const POST = adminRoute<{ courseId: string }>(async (request, { params, staff }) => {
  await dismissQuestions({ db: getDb() }, staff, params.courseId, await readJson(request));
  return new Response(null, { status: 204 });
});
