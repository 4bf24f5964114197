/** An API error answer in the browser: the server's stable code and its readable message. */
export class ApiFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The failure an API error body ({ error: { code, message } }) describes; the status stands for a missing message. */
export async function apiFailure(response: Response): Promise<ApiFailure> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return new ApiFailure(body?.error?.code ?? "", body?.error?.message ?? `HTTP ${response.status}`);
}

/**
 * Sends JSON to one of the app's API routes from the browser and returns the JSON answer (null
 * for 204); a failure throws an ApiFailure with the server's code and readable message.
 */
export async function requestJson<T>(url: string, method: string, body?: unknown): Promise<T | null> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await apiFailure(response);
  return response.status === 204 ? null : ((await response.json()) as T);
}
