"use client";

import { useState, type FormEvent } from "react";

/** A failure's message, whatever was thrown. */
export function reasonOf(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}

/**
 * One kind of write the user starts (save, delete, sign in) for a form to show: whether one is
 * running, why the last one failed (worded by `describe`) and what it did (the text `work`
 * resolves to, if it resolves to one). Starting another clears both.
 */
export function useAction(describe: (reason: string, failure: unknown) => string = (reason) => reason, initialError?: string) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState(initialError);
  const [notice, setNotice] = useState<string>();

  async function run(work: () => Promise<unknown>): Promise<boolean> {
    setPending(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const done = await work();
      setNotice(typeof done === "string" ? done : undefined);
      return true;
    } catch (failure) {
      setError(describe(reasonOf(failure), failure));
      return false;
    } finally {
      setPending(false);
    }
  }

  return { pending, error, notice, run, fail: setError };
}

/** A form's submit handler that keeps the page where it is and hands over what was filled in. */
export function onFormData(handle: (data: FormData, form: HTMLFormElement) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    handle(new FormData(event.currentTarget), event.currentTarget);
  };
}
