import { adminRoute } from "@/lib/admin/route";
import { answerGroup } from "@/lib/admin/unanswered/inbox";
import { readJson } from "@/lib/http/body";
import { getRagServices } from "@/lib/rag/services";

export const dynamic = "force-dynamic";

export const POST = adminRoute<{ courseId: string }>(async (request, { params, staff }) =>
  Response.json({ entry: await answerGroup(await getRagServices(), staff, params.courseId, await readJson(request)) }, { status: 201 }),
);
