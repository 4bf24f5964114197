/**
 * The hub could not be reached at all: no network, DNS failure, connection refused or timed out.
 * The message is one line, so start-up logs can print it as it is.
 */
export class HubUnreachableError extends Error {
  override name = "HubUnreachableError";

  constructor(
    readonly endpoint: string,
    readonly reason: string,
  ) {
    super(`cannot reach ${endpoint} (${reason})`);
  }
}

/** The hub answered, but a file could not be fetched, or what arrived failed verification. */
export class DownloadError extends Error {
  override name = "DownloadError";

  constructor(
    message: string,
    /** The HTTP status that caused it, if one did. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * A failure below HTTP. `transient` when a connection was made and then broke or stalled (worth
 * retrying at once); not when there was no way to the server at all (DNS, refused, unreachable).
 */
export class NetworkFailure extends Error {
  override name = "NetworkFailure";

  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
  }
}

const BROKEN_CONNECTION_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

type ErrorLike = { message?: unknown; code?: unknown; cause?: unknown; errors?: unknown };

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * fetch() wraps every transport failure in `TypeError: fetch failed` (or `terminated` mid-body)
 * with the socket error as its cause; this digs out that cause as a NetworkFailure, or returns
 * undefined for errors that are not about the network.
 */
export function asNetworkFailure(error: unknown): NetworkFailure | undefined {
  if (error instanceof NetworkFailure) return error;
  if (!(error instanceof TypeError) || error.cause === undefined) return undefined;
  let cause = error.cause as ErrorLike;
  // Node tries every address of a host (happy eyeballs) and reports them together.
  if (Array.isArray(cause.errors) && cause.errors.length > 0 && !cause.message) cause = cause.errors[0] as ErrorLike;
  const code = typeof cause.code === "string" ? cause.code : undefined;
  const message = typeof cause.message === "string" && cause.message !== "" ? cause.message : (code ?? error.message);
  return new NetworkFailure(oneLine(message), code !== undefined && BROKEN_CONNECTION_CODES.has(code));
}
