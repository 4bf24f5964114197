import { requireStaff } from "@/lib/auth/guard";
import type { StaffIdentity } from "@/lib/auth/staff";
import { responseForError } from "@/lib/http/errors";
import { routePattern, withRequestMetrics } from "@/lib/metrics";

type RouteContext<P> = { params: Promise<P> };

/**
 * Wraps every admin API handler: the caller must be signed-in staff (401/403 otherwise, checked
 * in requireStaff), whatever the handler throws becomes a JSON error with its status, and each
 * request is counted and timed for /api/metrics.
 */
export function adminRoute<P extends Record<string, string> = Record<string, never>>(
  handler: (request: Request, context: { params: P; staff: StaffIdentity }) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const params = await context.params;
    return withRequestMetrics(routePattern(request, params), request, async () => {
      try {
        const staff = await requireStaff(request);
        return await handler(request, { params, staff });
      } catch (error) {
        return responseForError(error);
      }
    });
  };
}
