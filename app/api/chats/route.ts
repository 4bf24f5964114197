import { listChats } from "@/lib/chat/chats";
import { jsonError, responseForError } from "@/lib/http/errors";
import { getChatDeps } from "@/lib/chat/services";
import { findOwner } from "@/lib/chat/owner";

export const dynamic = "force-dynamic";

/** GET /api/chats?course=<slug>: the visitor's own conversations in a course, newest first. */
export async function GET(request: Request) {
  const course = new URL(request.url).searchParams.get("course");
  if (!course) return jsonError(400, "invalid_request", "course: the course slug is required");
  const { db, config } = await getChatDeps();
  try {
    const owner = await findOwner(db, config, request);
    const chats = owner ? await listChats(db, owner, course) : [];
    return Response.json({ chats }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return responseForError(error);
  }
}
