import { feedbackRequest, recordFeedback } from "@/lib/chat/chats";
import { notFound } from "@/lib/http/errors";
import { publicRoute } from "@/lib/http/public-route";

export const dynamic = "force-dynamic";

/** POST /api/messages/:id/feedback { rating: "UP" | "DOWN", comment? } on an answer in one's own chat. */
export const POST = publicRoute({ body: feedbackRequest, owner: true }, async ({ container, params, owner, body }) => {
  const feedback = owner ? await recordFeedback(container.db, owner, params.id, body) : null;
  if (!feedback) throw notFound("Message");
  return Response.json({ feedback });
});
