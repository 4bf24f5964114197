import { feedbackRequest, recordFeedback } from "@/lib/chat/chats";
import { notFoundResponse, responseForError } from "@/lib/http/errors";
import { parseJsonBody } from "@/lib/http/body";
import { getChatDeps } from "@/lib/chat/services";
import { findOwner } from "@/lib/chat/owner";

export const dynamic = "force-dynamic";

/** POST /api/messages/:id/feedback { rating: "UP" | "DOWN", comment? } on an answer in one's own chat. */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  const body = await parseJsonBody(request, feedbackRequest);
  if (body instanceof Response) return body;
  const { db, config } = await getChatDeps();
  try {
    const owner = await findOwner(db, config, request);
    const feedback = owner ? await recordFeedback(db, owner, (await context.params).id, body) : null;
    return feedback ? Response.json({ feedback }) : notFoundResponse("Message");
  } catch (error) {
    return responseForError(error);
  }
}
