import { hideOwnChat, loadMessages, renameOwnChat, renameRequest, requireOwnChat } from "@/lib/chat/chats";
import { publicRoute } from "@/lib/http/public-route";

export const dynamic = "force-dynamic";

/** GET /api/chats/:id: one of the visitor's own chats with its messages (404 for anyone else's; an expired widget session is 401). */
export const GET = publicRoute({ owner: true }, async ({ container: { db }, params, owner }) => {
  const chat = await requireOwnChat(db, owner, params.id);
  return Response.json({ chat: { id: chat.id, title: chat.title }, messages: await loadMessages(db, chat.id) }, { headers: { "cache-control": "no-store" } });
});

/** PATCH /api/chats/:id { title }: renames the chat. */
export const PATCH = publicRoute({ owner: true, body: renameRequest }, async ({ container: { db }, params, owner, body }) =>
  Response.json({ chat: await renameOwnChat(db, owner, params.id, body.title) }),
);

/** DELETE /api/chats/:id: hides the chat from the student. */
export const DELETE = publicRoute({ owner: true }, async ({ container: { db }, params, owner }) => {
  await hideOwnChat(db, owner, params.id);
  return new Response(null, { status: 204 });
});
