// next-auth passes the message of an error thrown in authorize() to the client as the sign-in
// error; this is how a throttled sign-in tells the form how long to wait.
const RATE_LIMITED = "RATE_LIMITED:";

export function rateLimitedError(waitMs: number): Error {
  return new Error(`${RATE_LIMITED}${Math.ceil(waitMs / 1000)}`);
}

/** Whole minutes to wait, when the sign-in error is a throttle refusal. */
export function rateLimitedMinutes(error: string | null | undefined): number | null {
  if (!error?.startsWith(RATE_LIMITED)) return null;
  return Math.max(1, Math.ceil(Number(error.slice(RATE_LIMITED.length)) / 60));
}
