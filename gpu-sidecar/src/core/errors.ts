/** Why the core refused or failed a piece of work; the HTTP layer turns each kind into a status. */
export type FailureKind = "invalid_input" | "overloaded" | "unavailable" | "cancelled" | "inference_failed";

export type FailureDetail = {
  /** The request field at fault. */
  param?: string;
  /** A machine-readable reason beside the kind (OpenAI's `code`, e.g. context_length_exceeded). */
  code?: string;
  /** When trying again may succeed. */
  retryAfterSeconds?: number;
};

/** A failure the caller should hear about as it is, as opposed to an unexpected error. */
export class SidecarError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly detail: FailureDetail = {},
  ) {
    super(message);
    this.name = "SidecarError";
  }
}

/** A caught value as one line of text. */
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
