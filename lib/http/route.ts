import "server-only";
import type { z } from "zod";
import { routePattern, withRequestMetrics } from "@/lib/metrics";
import { getContainer, type Container } from "@/lib/server/container";
import { jsonBodyLimit, readBodyText, readJson } from "./body";
import { responseForError } from "./errors";

/** A route's path parameters, as Next.js hands them over. */
export type RouteParams = Record<string, string>;

/** What Next.js passes a route handler besides the request; tests call static routes without it. */
export type RouteContext = { params: Promise<RouteParams> };

export type RouteHandler = (request: Request, context?: RouteContext) => Promise<Response>;

/** What any handler is given: the process's container, the request and its path parameters. */
export type RouteCall = { container: Container; request: Request; params: RouteParams };

/**
 * Runs a handler as every API route does: the handler gets the container, whatever it throws
 * becomes a JSON error (HttpError and ZodError with their status, anything else 500), `headers`
 * go on every answer, errors included, and each request is counted and timed for /api/metrics
 * under its route pattern.
 */
export function apiRoute(handle: (call: RouteCall) => Promise<Response>, headers?: (request: Request) => Record<string, string>): RouteHandler {
  return async (request, context) => {
    const params = (await context?.params) ?? {};
    return withRequestMetrics(routePattern(request, params), request, async () => {
      let response: Response;
      try {
        response = await handle({ container: getContainer(), request, params });
      } catch (error) {
        response = responseForError(error);
      }
      for (const [name, value] of Object.entries(headers?.(request) ?? {})) response.headers.set(name, value);
      return response;
    });
  };
}

/** A zod schema for a part of the request, or undefined where the route reads no such part. */
export type Schema = z.ZodType | undefined;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a route reads from the request, each part validated by a zod schema (400 when it fails). */
export type InputOptions<Q extends Schema, B extends Schema> = {
  /** The query string as an object of its parameters; a schema, or one made from the container. */
  query?: Q | ((container: Container) => Q);
  /** The body, JSON unless `bodyAs` is "text"; none is read without a schema. */
  body?: B;
  bodyAs?: "json" | "text";
  /** 413 above this; JSON_BODY_MAX_KB unless given. */
  maxBodyBytes?: number;
  /** What stands for an empty body where one is optional (without it an empty body is 400). */
  emptyBody?: unknown;
};

export type Input<Q extends Schema, B extends Schema> = { query: Parsed<Q>; body: Parsed<B> };

/** Each parameter's first value, as URLSearchParams.get reads it. */
function queryObject(url: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of new URL(url).searchParams) query[name] ??= value;
  return query;
}

function readBody(request: Request, container: Container, options: InputOptions<Schema, Schema>): Promise<unknown> {
  const maxBytes = options.maxBodyBytes ?? jsonBodyLimit(container.config);
  if (options.bodyAs === "text") return readBodyText(request, maxBytes);
  return readJson(request, "emptyBody" in options ? { maxBytes, empty: options.emptyBody } : { maxBytes });
}

/** Validates the query string, then reads and validates the body (413 over its cap, 400 when malformed). */
export async function readInput<Q extends Schema, B extends Schema>(call: RouteCall, options: InputOptions<Q, B>): Promise<Input<Q, B>> {
  const querySchema = typeof options.query === "function" ? options.query(call.container) : options.query;
  const query = querySchema?.parse(queryObject(call.request.url));
  const body = options.body?.parse(await readBody(call.request, call.container, options));
  return { query, body } as Input<Q, B>;
}
