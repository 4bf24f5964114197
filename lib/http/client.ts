/** The message of an API error body ({ error: { message } }), or the status when there is none. */
export async function failureOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `HTTP ${response.status}`;
}

/**
 * Sends JSON to one of the app's API routes from the browser and returns the JSON answer (null
 * for 204); a failure throws an Error with the server's readable message.
 */
export async function requestJson<T>(url: string, method: string, body?: unknown): Promise<T | null> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(await failureOf(response));
  return response.status === 204 ? null : ((await response.json()) as T);
}
