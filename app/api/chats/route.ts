import { z } from "zod";
import { listChats } from "@/lib/chat/chats";
import { publicRoute } from "@/lib/http/public-route";

export const dynamic = "force-dynamic";

const COURSE_REQUIRED = "the course slug is required";
const query = z.object({ course: z.string({ error: COURSE_REQUIRED }).min(1, COURSE_REQUIRED) });

/** GET /api/chats?course=<slug>: the visitor's own conversations in a course, newest first. */
export const GET = publicRoute({ query, owner: true }, async ({ container, query, owner }) =>
  Response.json({ chats: owner ? await listChats(container.db, owner, query.course) : [] }, { headers: { "cache-control": "no-store" } }),
);
