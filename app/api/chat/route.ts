import { handleChatRequest } from "@/lib/chat/handle-chat";
import { getChatDeps } from "@/lib/chat/services";
import { withRequestMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  // For a streamed answer this times the response's start; the answer itself is timed in the stream.
  return withRequestMetrics("/api/chat", request, async () => handleChatRequest(await getChatDeps(), request));
}
