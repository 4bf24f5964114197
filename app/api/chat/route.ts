import { handleChatRequest } from "@/lib/chat/handle-chat";
import { publicRoute } from "@/lib/http/public-route";

export const dynamic = "force-dynamic";

// handleChatRequest reads and checks the request itself (tests drive it directly). For a streamed
// answer the route's metrics time the response's start; the answer itself is timed in the stream.
export const POST = publicRoute({}, async ({ container, request }) => handleChatRequest(await container.chat(), request));
