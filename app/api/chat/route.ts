import { handleChatRequest } from "@/lib/chat/handle-chat";
import { getChatDeps } from "@/lib/chat/services";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return handleChatRequest(await getChatDeps(), request);
}
