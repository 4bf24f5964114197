import { describe, expect, it } from "vitest";
import { z } from "zod";
import { HttpError, responseForError } from "@/lib/http/errors";
import { readJson } from "@/lib/http/body";
import { statusOf } from "../../support/http-errors";

const post = (body: string) => new Request("http://app.local/x", { method: "POST", body });

describe("JSON bodies and errors", () => {
  it("reads JSON, refuses an empty or malformed body with 400, and takes an empty one where it is optional", async () => {
    expect(await readJson(post('{"a":1}'))).toEqual({ a: 1 });
    expect(await statusOf(readJson(post("")))).toBe(400);
    expect(await statusOf(readJson(post("{nope")))).toBe(400);
    expect(await readJson(post("  "), { empty: {} })).toEqual({});
  });

  it("answers HttpErrors with their status and headers, validation errors with 400 and the rest with 500", async () => {
    const limited = responseForError(new HttpError(429, "rate_limited", "Wait.", { "retry-after": "3" }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(await limited.json()).toEqual({ error: { code: "rate_limited", message: "Wait." } });
    const invalid = responseForError(z.object({ title: z.string() }).safeParse({}).error);
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.message).toMatch(/^title: /);
    expect(await statusOf(Promise.reject(new Error("boom")))).toBe(500);
  });
});
