import { z } from "zod";
import { dismissQuestions } from "@/lib/admin/unanswered/inbox";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

// dismissQuestions validates the body itself, after the course check.
export const POST = staffRoute({ body: z.unknown() }, async ({ container, staff, params, body }) => {
  await dismissQuestions(container, staff, params.courseId, body);
  return new Response(null, { status: 204 });
});
