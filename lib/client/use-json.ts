"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { apiFailure } from "@/lib/http/client";

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

type Options<T> = {
  /** What the server rendered the page with, for the first URL: shown at once and not fetched again until reload or a poll. */
  initial?: T;
  /** How often to fetch again, in milliseconds, given the data at hand; not while zero. */
  poll?: (data: T) => number;
  /** The fetch to use: the chat's carries the widget's session (components/chat/chat-api.tsx). */
  fetch?: Fetch;
};

export type Json<T> = {
  data: T | undefined;
  /** Why the last load failed; gone once one succeeds. */
  error: Error | undefined;
  /** Neither data nor an error yet. */
  loading: boolean;
  /** Loads again; a failure lands in `error`, never in the caller. */
  reload: () => Promise<void>;
  /** Changes the data here after a write the server confirmed, rather than fetching it all again. */
  mutate: (update: (data: T) => T) => void;
};

/** GETs JSON from one of the app's API routes; a failure throws an Error with the server's readable message. */
async function fetchJson<T>(url: string, fetchFn: Fetch = fetch): Promise<T> {
  const response = await fetchFn(url, { cache: "no-store" });
  if (!response.ok) throw await apiFailure(response);
  return (await response.json()) as T;
}

/**
 * What the browser reads from the API, one pattern for every component: the JSON at `url` (none
 * while it is null), loaded when the URL changes, with its error and loading state.
 */
export function useJson<T>(url: string | null, { initial, poll, fetch: fetchFn = fetch }: Options<T> = {}): Json<T> {
  // Data and error belong to the URL they came from; until another URL's arrive, it has neither.
  const [state, setState] = useState<{ url: string | null; data?: T; error?: Error }>({ url, data: initial });
  const current = useRef(url);
  useEffect(() => {
    current.current = url;
  }, [url]);

  const reload = useCallback(async () => {
    if (url === null) return;
    try {
      const data = await fetchJson<T>(url, fetchFn);
      if (current.current === url) setState({ url, data });
    } catch (failure) {
      const error = failure instanceof Error ? failure : new Error(String(failure));
      if (current.current === url) setState((last) => ({ url, data: last.url === url ? last.data : undefined, error }));
    }
  }, [url, fetchFn]);

  const served = useRef(initial === undefined ? null : url);
  useEffect(() => {
    if (served.current !== null && served.current === url) return;
    served.current = null;
    void reload();
  }, [url, reload]);

  const data = state.url === url ? state.data : undefined;
  const error = state.url === url ? state.error : undefined;

  const interval = poll && data !== undefined ? poll(data) : 0;
  useEffect(() => {
    if (interval <= 0) return;
    const timer = setInterval(reload, interval);
    return () => clearInterval(timer);
  }, [interval, reload]);

  const mutate = useCallback(
    (update: (data: T) => T) => setState((last) => (last.url === url && last.data !== undefined ? { ...last, data: update(last.data) } : last)),
    [url],
  );

  return { data, error, loading: url !== null && data === undefined && error === undefined, reload, mutate };
}
