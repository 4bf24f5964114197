import { z } from "zod";
import { answerGroup } from "@/lib/admin/unanswered/inbox";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

// answerGroup validates the body itself, after the course check.
export const POST = staffRoute({ body: z.unknown() }, async ({ container, staff, params, body }) =>
  Response.json({ entry: await answerGroup(await container.rag(), staff, params.courseId, body) }, { status: 201 }),
);
