import { responseForError } from "@/lib/http/errors";

/** The HTTP status a route would answer for what this call throws (fails if it does not throw). */
export async function statusOf(promise: Promise<unknown>): Promise<number> {
  const outcome = await promise.then(
    () => ({ threw: false as const }),
    (error: unknown) => ({ threw: true as const, error }),
  );
  if (!outcome.threw) throw new Error("expected the call to fail");
  const original = console.error;
  console.error = () => {};
  try {
    return responseForError(outcome.error).status;
  } finally {
    console.error = original;
  }
}
