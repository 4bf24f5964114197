import "server-only";
import { requireStaff } from "@/lib/auth/guard";
import { assertAdmin, type StaffIdentity } from "@/lib/auth/staff";
import { apiRoute, readInput, type Input, type InputOptions, type RouteCall, type RouteHandler, type Schema } from "./route";

type StaffRouteOptions<Q extends Schema, B extends Schema> = InputOptions<Q, B> & {
  /** Admins only: staff are refused (403) before the body is read, so they learn nothing from validation errors. */
  admin?: boolean;
};

type StaffCall<Q extends Schema, B extends Schema> = RouteCall & Input<Q, B> & { staff: StaffIdentity };

/**
 * An admin API route: the caller must be signed-in staff on the app's own origin (401/403
 * otherwise, see requireStaff) before anything of the request is read; then the query string and
 * body are validated and the handler runs with them and the caller's identity.
 */
export function staffRoute<Q extends Schema = undefined, B extends Schema = undefined>(
  options: StaffRouteOptions<Q, B>,
  handler: (call: StaffCall<Q, B>) => Promise<Response>,
): RouteHandler {
  return apiRoute(async (call) => {
    const staff = await requireStaff(call.container, call.request);
    if (options.admin) assertAdmin(staff);
    return handler({ ...call, ...(await readInput(call, options)), staff });
  });
}
