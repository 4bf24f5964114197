import { SidecarError, type FailureKind } from "../core/errors.js";
import { ApiError, retryAfter, type ErrorType } from "./api-error.js";

const statuses: Record<FailureKind, { status: number; type: ErrorType }> = {
  invalid_input: { status: 400, type: "invalid_request_error" },
  overloaded: { status: 429, type: "rate_limit_error" },
  unavailable: { status: 503, type: "service_unavailable_error" },
  // nginx's "client closed request": nobody reads it, and it is not a server error to log.
  cancelled: { status: 499, type: "invalid_request_error" },
  inference_failed: { status: 500, type: "server_error" },
};

/** The answer a known failure asks for: an ApiError as it is, a core failure by its kind; undefined for anything unexpected. */
export function apiErrorOf(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (!(error instanceof SidecarError)) return undefined;
  const { status, type } = statuses[error.kind];
  const { param, code, retryAfterSeconds } = error.detail;
  const headers = retryAfterSeconds === undefined ? {} : retryAfter(retryAfterSeconds);
  return new ApiError(status, type, error.message, param ?? null, headers, code ?? null);
}
