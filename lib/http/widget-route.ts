import "server-only";
import { apiRoute, readInput, type Input, type InputOptions, type RouteCall, type RouteHandler, type Schema } from "./route";

/**
 * The widget script calls these routes from the host page, so the browser's Origin is the host's.
 * Answers carry CORS headers for that origin; whether it may have a session is decided inside.
 */
function cors(request: Request): Record<string, string> {
  const origin = request.headers.get("origin");
  return origin
    ? {
        "access-control-allow-origin": origin,
        "access-control-allow-methods": "POST, OPTIONS",
        "access-control-allow-headers": "content-type",
        "access-control-max-age": "600",
        vary: "Origin",
      }
    : {};
}

/** The CORS preflight a host page's browser sends before its POST. */
export function widgetPreflight(request: Request): Response {
  return new Response(null, { status: 204, headers: cors(request) });
}

type WidgetCall<Q extends Schema, B extends Schema> = RouteCall & Input<Q, B>;

type WidgetRouteOptions<Q extends Schema, B extends Schema> = InputOptions<Q, B> & {
  /** Runs before the input is read: a rate limit that malformed requests count against too. */
  admit?: (call: RouteCall) => Promise<void>;
};

/** A route the widget calls from a host page: anonymous, with CORS headers for the page's origin on every answer. */
export function widgetRoute<Q extends Schema = undefined, B extends Schema = undefined>(
  options: WidgetRouteOptions<Q, B>,
  handler: (call: WidgetCall<Q, B>) => Promise<Response>,
): RouteHandler {
  return apiRoute(async (call) => {
    await options.admit?.(call);
    return handler({ ...call, ...(await readInput(call, options)) });
  }, cors);
}
