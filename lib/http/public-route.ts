import "server-only";
import { findOwner, type ChatOwner } from "@/lib/chat/owner";
import { apiRoute, readInput, type Input, type InputOptions, type RouteCall, type RouteHandler, type Schema } from "./route";

type PublicRouteOptions<Q extends Schema, B extends Schema> = InputOptions<Q, B> & {
  /** Looks up whose chats the request may see (see findOwner): cross-site writes with the visitor cookie are refused (403), an expired widget session is 401. */
  owner?: boolean;
};

type PublicCall<Q extends Schema, B extends Schema> = RouteCall & Input<Q, B> & { owner: ChatOwner | null };

/**
 * A route for students and visitors, anonymous ones included. The input is validated before the
 * owner is looked up: anyone may call these routes, and a malformed request should cost no query.
 * `owner` is null for a visitor without chats yet, and for routes that do not ask for it.
 */
export function publicRoute<Q extends Schema = undefined, B extends Schema = undefined>(
  options: PublicRouteOptions<Q, B>,
  handler: (call: PublicCall<Q, B>) => Promise<Response>,
): RouteHandler {
  return apiRoute(async (call) => {
    const input = await readInput(call, options);
    const owner = options.owner ? await findOwner(call.container.db, call.container.config, call.request) : null;
    return handler({ ...call, ...input, owner });
  });
}
