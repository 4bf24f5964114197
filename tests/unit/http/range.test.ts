import { describe, expect, it } from "vitest";
import { etagMatches, parseRange } from "@/lib/http/range";

describe("byte ranges", () => {
  it("reads one range, an open one and a suffix, clipped to the size", () => {
    expect(parseRange("bytes=0-99", 1000)).toEqual({ kind: "part", start: 0, end: 99 });
    expect(parseRange("bytes=900-", 1000)).toEqual({ kind: "part", start: 900, end: 999 });
    expect(parseRange("bytes=-100", 1000)).toEqual({ kind: "part", start: 900, end: 999 });
    expect(parseRange("bytes=-5000", 1000)).toEqual({ kind: "part", start: 0, end: 999 });
    expect(parseRange("bytes=990-5000", 1000)).toEqual({ kind: "part", start: 990, end: 999 });
  });

  it("answers past the end as unsatisfiable, and anything else with the whole file", () => {
    expect(parseRange("bytes=1000-", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-0", 1000)).toEqual({ kind: "unsatisfiable" });
    for (const header of [null, "", "bytes=5-2", "bytes=-", "items=0-1", "bytes=0-1,5-6", "bytes=a-b"]) {
      expect(parseRange(header, 1000)).toEqual({ kind: "whole" });
    }
  });

  it("matches If-None-Match weakly, in a list or as *", () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true);
    expect(etagMatches('W/"abc", "def"', '"abc"')).toBe(true);
    expect(etagMatches("*", '"abc"')).toBe(true);
    expect(etagMatches('"abd"', '"abc"')).toBe(false);
    expect(etagMatches(null, '"abc"')).toBe(false);
  });
});
