import { feedbackRequest, recordFeedback } from "@/lib/chat/chats";
import { notFoundResponse, parseJsonBody } from "@/lib/http/errors";
import { getChatDeps } from "@/lib/chat/services";
import { findOwner } from "@/lib/chat/owner";

export const dynamic = "force-dynamic";

/** POST /api/messages/:id/feedback { rating: "UP" | "DOWN", comment? } on an answer in one's own chat. */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  const body = await parseJsonBody(request, feedbackRequest);
  if (body instanceof Response) return body;
  const { db, config } = await getChatDeps();
  const owner = await findOwner(db, config, request).catch(() => null);
  const feedback = owner ? await recordFeedback(db, owner, (await context.params).id, body) : null;
  if (!feedback) return notFoundResponse("Message");
  return Response.json({ feedback });
}
