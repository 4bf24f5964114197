import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { default as addFormats } from "ajv-formats";

/** Qdrant's official OpenAPI document, kept beside the repository (see ../shared/qdrant/README.md), never copied in. */
export const QDRANT_SPEC_PATH = path.resolve(import.meta.dirname, "../../../shared/qdrant/openapi-1.19.0.json");

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Parameter = { name: string; in: "path" | "query" | "header" | "cookie"; required?: boolean; schema: JsonObject };
type Operation = {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonObject }> };
  responses: Record<string, { content?: Record<string, { schema: JsonObject }> }>;
};
type Route = { method: string; template: string; pattern: RegExp; names: string[]; operation: Operation };

export type CheckedRequest = {
  /** Absent when no operation of the spec has this method and path. */
  operationId?: string;
  pathParams: Record<string, string>;
  query: Record<string, Json>;
  body: Json | undefined;
  problems: string[];
};

const SPEC_ID = "https://qdrant.spec/openapi.json";
// `nullable` is translated below; the others only document and Ajv's strict mode refuses them.
const ANNOTATIONS = new Set(["nullable", "example", "deprecated"]);
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * OpenAPI 3.0 schema → JSON Schema for Ajv: `nullable` becomes a null alternative (`{nullable: true}`
 * alone, which Qdrant's generator writes inside `anyOf`, means "or null"), annotations Ajv's strict
 * mode does not know are dropped, and component references point into one shared document.
 */
function toJsonSchema(schema: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (key === "$ref" && typeof value === "string") {
      out.$ref = value.replace("#/components/schemas/", `${SPEC_ID}#/definitions/`);
    } else if (key === "properties" && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub as JsonObject)]));
    } else if ((key === "items" || key === "additionalProperties" || key === "not") && isObject(value)) {
      out[key] = toJsonSchema(value);
    } else if ((key === "anyOf" || key === "oneOf" || key === "allOf") && Array.isArray(value)) {
      out[key] = value.map((sub) => toJsonSchema(sub as JsonObject));
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable !== true) return out;
  if (Object.keys(out).length === 0) return { type: "null" };
  if (typeof out.type === "string" && !out.$ref) {
    return { ...out, type: [out.type, "null"], ...(Array.isArray(out.enum) ? { enum: [...out.enum, null] } : {}) };
  }
  return { anyOf: [out, { type: "null" }] };
}

function createAjv(definitions: JsonObject): Ajv {
  const ajv = new Ajv({ strict: true, strictTypes: false, allowUnionTypes: true, allErrors: true });
  addFormats(ajv, ["date-time", "uuid", "uri"]);
  const unsigned = (max: number) => ({ type: "number" as const, validate: (n: number) => Number.isInteger(n) && n >= 0 && n <= max });
  ajv.addFormat("uint8", unsigned(0xff));
  ajv.addFormat("uint32", unsigned(0xffffffff));
  // JavaScript numbers hold integers exactly only up to 2^53; no id or count of ours gets near it.
  ajv.addFormat("uint", unsigned(Number.MAX_SAFE_INTEGER));
  ajv.addFormat("uint64", unsigned(Number.MAX_SAFE_INTEGER));
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat("float", { type: "number", validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat("double", { type: "number", validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat("partial-date-time", true);
  ajv.addFormat("binary", true);
  ajv.addSchema({ $id: SPEC_ID, definitions });
  return ajv;
}

function readSpec(): JsonObject {
  try {
    return JSON.parse(readFileSync(QDRANT_SPEC_PATH, "utf8")) as JsonObject;
  } catch (error) {
    throw new Error(`Qdrant's OpenAPI spec is expected at ${QDRANT_SPEC_PATH} (shared/ beside the repository): ${String(error)}`, { cause: error });
  }
}

const describeErrors = (validate: ValidateFunction, where: string) =>
  (validate.errors ?? []).map((error) => `${where}${error.instancePath || ""} ${error.message ?? "is invalid"}`);

/** Validates requests and responses against Qdrant's OpenAPI document. */
export class QdrantSpec {
  private readonly routes: Route[] = [];
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv: Ajv;

  constructor(document: JsonObject = readSpec()) {
    const components = document.components as { schemas: JsonObject };
    this.ajv = createAjv(Object.fromEntries(Object.entries(components.schemas).map(([name, schema]) => [name, toJsonSchema(schema as JsonObject)])));
    for (const [template, item] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
      const names = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, "([^/]+)")}$`);
      for (const [method, operation] of Object.entries(item)) {
        this.routes.push({ method: method.toUpperCase(), template, pattern, names, operation });
      }
    }
  }

  private validator(key: string, schema: JsonObject): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema));
      this.validators.set(key, validate);
    }
    return validate;
  }

  private check(key: string, schema: JsonObject, value: unknown, where: string): string[] {
    const validate = this.validator(key, schema);
    return validate(value) ? [] : describeErrors(validate, where);
  }

  /** Matches the request to an operation and lists everything about it the spec does not allow. */
  checkRequest(request: { method: string; url: string; contentType?: string; body: string }): CheckedRequest {
    const url = new URL(request.url, "http://stand-in");
    const result: CheckedRequest = { pathParams: {}, query: {}, body: undefined, problems: [] };
    const route = this.routes.find((candidate) => candidate.method === request.method && candidate.pattern.test(url.pathname));
    if (!route) {
      result.problems.push(`${request.method} ${url.pathname}: no such operation in the spec`);
      return result;
    }
    const { operation } = route;
    result.operationId = operation.operationId;
    const problem = (text: string) => result.problems.push(`${operation.operationId}: ${text}`);

    const values = route.pattern.exec(url.pathname)!.slice(1);
    route.names.forEach((name, i) => (result.pathParams[name] = decodeURIComponent(values[i])));
    const parameters = operation.parameters ?? [];
    for (const parameter of parameters.filter((p) => p.in === "path")) {
      const key = `${operation.operationId} path ${parameter.name}`;
      result.problems.push(...this.check(key, parameter.schema, result.pathParams[parameter.name], `${operation.operationId} path parameter ${parameter.name}`));
    }

    const queryParameters = parameters.filter((p) => p.in === "query");
    for (const name of new Set(url.searchParams.keys())) {
      const parameter = queryParameters.find((p) => p.name === name);
      const raw = url.searchParams.getAll(name);
      if (!parameter) problem(`unknown query parameter "${name}"`);
      else if (raw.length > 1) problem(`query parameter "${name}" given ${raw.length} times`);
      else {
        // A query string carries text; the spec types it, so "true" is a boolean and "5" a number.
        const key = `${operation.operationId} query ${name}`;
        const candidates: Json[] = [raw[0]];
        try {
          candidates.unshift(JSON.parse(raw[0]) as Json);
        } catch {
          // Not JSON: only the text reading applies.
        }
        const accepted = candidates.find((candidate) => this.validator(key, parameter.schema)(candidate));
        if (accepted === undefined) result.problems.push(...this.check(key, parameter.schema, raw[0], `${operation.operationId} query parameter ${name}`));
        else result.query[name] = accepted;
      }
    }
    for (const parameter of queryParameters) {
      if (parameter.required && !url.searchParams.has(parameter.name)) problem(`missing required query parameter "${parameter.name}"`);
    }

    const bodySpec = operation.requestBody;
    if (request.body.length === 0) {
      if (bodySpec?.required) problem("missing required JSON body");
      return result;
    }
    const schema = bodySpec?.content["application/json"]?.schema;
    if (!schema) {
      problem("has a body, which the operation does not take");
      return result;
    }
    if (!request.contentType?.startsWith("application/json")) problem(`body sent as "${request.contentType}", not application/json`);
    try {
      result.body = JSON.parse(request.body) as Json;
    } catch {
      problem("body is not JSON");
      return result;
    }
    result.problems.push(...this.check(`${operation.operationId} body`, schema, result.body, `${operation.operationId} body`));
    return result;
  }

  /** Lists what the spec does not allow in a JSON response of this operation with this status. */
  checkResponse(operationId: string, status: number, body: unknown): string[] {
    const route = this.routes.find((candidate) => candidate.operation.operationId === operationId);
    if (!route) return [`response for unknown operation ${operationId}`];
    const { responses } = route.operation;
    const declared = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    const schema = declared?.content?.["application/json"]?.schema;
    if (!schema) return [`${operationId}: the spec declares no JSON response for status ${status}`];
    return this.check(`${operationId} response ${status}`, schema, body, `${operationId} response ${status}`);
  }
}
