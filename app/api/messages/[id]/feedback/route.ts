import { feedbackRequest, recordFeedback } from "@/lib/chat/chats";
import { notFoundResponse, parseJsonBody } from "@/lib/http/errors";
import { getChatDeps } from "@/lib/chat/services";
import { findVisitor } from "@/lib/chat/visitor";

export const dynamic = "force-dynamic";

/** POST /api/messages/:id/feedback { rating: "UP" | "DOWN", comment? } on an answer in one's own chat. */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  const body = await parseJsonBody(request, feedbackRequest);
  if (body instanceof Response) return body;
  const { db } = await getChatDeps();
  const visitor = await findVisitor(db, request);
  const feedback = visitor ? await recordFeedback(db, visitor.id, (await context.params).id, body) : null;
  if (!feedback) return notFoundResponse("Message");
  return Response.json({ feedback });
}
