import { unansweredInbox } from "@/lib/admin/unanswered/inbox";
import { staffRoute } from "@/lib/http/staff-route";

export const dynamic = "force-dynamic";

export const GET = staffRoute({}, async ({ container, staff, params }) => Response.json(await unansweredInbox(await container.rag(), staff, params.courseId)));
