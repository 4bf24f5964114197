import { findOwnChat, loadMessages, renameRequest } from "@/lib/chat/chats";
import { notFoundResponse, responseForError } from "@/lib/http/errors";
import { parseJsonBody } from "@/lib/http/body";
import { getChatDeps } from "@/lib/chat/services";
import { findOwner } from "@/lib/chat/owner";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** The requester's own chat, or the answer to give instead: 404 for anyone else's, 401 for an expired widget session. */
async function ownChat(request: Request, context: Context) {
  const { db, config } = await getChatDeps();
  try {
    const owner = await findOwner(db, config, request);
    const chat = owner ? await findOwnChat(db, owner, (await context.params).id) : null;
    return chat ? { db, chat } : notFoundResponse("Chat");
  } catch (error) {
    return responseForError(error);
  }
}

/** GET /api/chats/:id: one of the visitor's own chats with its messages (404 for anyone else's). */
export async function GET(request: Request, context: Context) {
  const own = await ownChat(request, context);
  if (own instanceof Response) return own;
  const { db, chat } = own;
  return Response.json({ chat: { id: chat.id, title: chat.title }, messages: await loadMessages(db, chat.id) }, { headers: { "cache-control": "no-store" } });
}

/** PATCH /api/chats/:id { title }: renames the chat. */
export async function PATCH(request: Request, context: Context) {
  const own = await ownChat(request, context);
  if (own instanceof Response) return own;
  const { db, chat } = own;
  const body = await parseJsonBody(request, renameRequest);
  if (body instanceof Response) return body;
  const renamed = await db.chat.update({ where: { id: chat.id }, data: { title: body.title }, select: { id: true, title: true } });
  return Response.json({ chat: renamed });
}

/** DELETE /api/chats/:id: hides the chat from the student for good; its rows stay for honest statistics. */
export async function DELETE(request: Request, context: Context) {
  const own = await ownChat(request, context);
  if (own instanceof Response) return own;
  const { db, chat } = own;
  await db.chat.update({ where: { id: chat.id }, data: { deletedAt: new Date() } });
  return new Response(null, { status: 204 });
}
