import { adminRoute } from "@/lib/admin/route";
import { unansweredInbox } from "@/lib/admin/unanswered/inbox";
import { getRagServices } from "@/lib/rag/services";

export const dynamic = "force-dynamic";

export const GET = adminRoute<{ courseId: string }>(async (_request, { params, staff }) =>
  Response.json(await unansweredInbox(await getRagServices(), staff, params.courseId)),
);
