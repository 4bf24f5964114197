import { listChats } from "@/lib/chat/chats";
import { jsonError } from "@/lib/http/errors";
import { getChatDeps } from "@/lib/chat/services";
import { findVisitor } from "@/lib/chat/visitor";

export const dynamic = "force-dynamic";

/** GET /api/chats?course=<slug>: the visitor's own conversations in a course, newest first. */
export async function GET(request: Request) {
  const course = new URL(request.url).searchParams.get("course");
  if (!course) return jsonError(400, "invalid_request", "course: the course slug is required");
  const { db } = await getChatDeps();
  const visitor = await findVisitor(db, request);
  const chats = visitor ? await listChats(db, visitor.id, course) : [];
  return Response.json({ chats }, { headers: { "cache-control": "no-store" } });
}
