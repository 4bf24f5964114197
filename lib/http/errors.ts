import { ZodError } from "zod";

/** An error a route answers with its own status and a message safe to show to the caller. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** More fields for the error body, beside code and message (a wait, a quota). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** A refused rate: 429 with Retry-After, the wait also kept for an answer that puts it in its body. */
export class TooManyRequests extends HttpError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterS: number,
  ) {
    super(429, code, message, { "retry-after": String(retryAfterS) });
  }
}

export const unauthorized = () => new HttpError(401, "unauthorized", "Sign in as an administrator or staff member.");
export const forbidden = (why = "You do not have access to this resource.") => new HttpError(403, "forbidden", why);
export const notFound = (what: string) => new HttpError(404, "not_found", `${what} was not found.`);

/** A JSON error body clients can show: a stable code and a readable English message. */
export function jsonError(status: number, code: string, message: string, options: { headers?: HeadersInit; details?: Record<string, unknown> } = {}): Response {
  return Response.json({ error: { code, message, ...options.details } }, { status, headers: { "cache-control": "no-store", ...options.headers } });
}

/** Turns what a handler threw into a JSON error; anything unexpected is logged and answered 500. */
export function responseForError(error: unknown): Response {
  if (error instanceof HttpError) return jsonError(error.status, error.code, error.message, { headers: error.headers, details: error.details });
  if (error instanceof ZodError) {
    const issues = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const first = issues[0];
    return jsonError(400, "invalid_request", first ? `${first.path || "body"}: ${first.message}` : "Invalid request.", { details: { issues } });
  }
  console.error(error);
  return jsonError(500, "internal_error", "Something went wrong on the server; try again.");
}
