import type { z } from "zod";

/** A JSON error body the chat client can show: a stable code and a readable English message. */
export function jsonError(status: number, code: string, message: string, options: { headers?: HeadersInit; details?: Record<string, unknown> } = {}): Response {
  return Response.json({ error: { code, message, ...options.details } }, { status, headers: { "cache-control": "no-store", ...options.headers } });
}

export const notFound = (what: string) => jsonError(404, "not_found", `${what} not found`);

/** Parses a JSON request body with a schema; a Response (400) when it is malformed or invalid. */
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T> | Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return jsonError(400, "invalid_json", "The request body must be JSON");
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
    return jsonError(400, "invalid_request", problems.join("; "));
  }
  return result.data;
}

/** The client's address as the nearest proxy reports it, for the per-address rate limit. */
export function clientAddress(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || "unknown";
}

export function cookieValue(request: Request, name: string): string | undefined {
  for (const pair of request.headers.get("cookie")?.split(";") ?? []) {
    const [key, ...rest] = pair.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}
