export type ErrorType = "invalid_request_error" | "rate_limit_error" | "server_error" | "service_unavailable_error";

/** An error that reaches the client as an OpenAI-style body: { error: { message, type, param, code } }. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    message: string,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }

  toBody() {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** The Retry-After header of a 429 or 503. */
export const retryAfter = (seconds: number) => ({ "retry-after": String(seconds) });

export const badRequest = (message: string, param: string | null = null) => new ApiError(400, "invalid_request_error", message, param);
