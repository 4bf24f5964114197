import { describe, expect, it } from "vitest";
import { safeCallback, sameOriginRedirect } from "@/lib/auth/safe-callback";

describe("safeCallback", () => {
  it("keeps paths on this site, query and fragment included", () => {
    expect(safeCallback("/admin/courses?x=1")).toBe("/admin/courses?x=1");
    expect(safeCallback("/admin/qa#faq")).toBe("/admin/qa#faq");
    expect(safeCallback("/admin/qa?q=a%2Fb%20c")).toBe("/admin/qa?q=a%2Fb%20c");
  });

  it.each([
    ["/\\evil.example"],
    ["/%5Cevil.example"],
    ["/%5cevil.example"],
    ["/%2F%2Fevil.example"],
    ["/%2f/evil.example"],
    ["/%"],
    ["/\\/evil.example"],
    ["\\\\evil.example"],
    ["//evil.example"],
    ["///evil.example"],
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    [" //evil.example"],
    ["/ /evil.example"],
    ["/\u0000/evil.example"],
    ["https://evil.example"],
    ["https://evil.example/admin"],
    ["javascript:alert(document.cookie)"],
    ["JaVaScRiPt:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["admin"],
    [""],
  ])("sends %j to the fallback", (value) => {
    expect(safeCallback(value)).toBe("/admin");
  });

  it("falls back when there is no value, to the fallback given", () => {
    expect(safeCallback(undefined)).toBe("/admin");
    expect(safeCallback(null, "/admin/qa")).toBe("/admin/qa");
    expect(safeCallback(["/admin", "//evil.example"])).toBe("/admin");
    expect(safeCallback("//evil.example", "/admin/qa")).toBe("/admin/qa");
  });
});

describe("sameOriginRedirect (next-auth's redirect callback)", () => {
  const base = "https://assistant.example";

  it("keeps paths and absolute URLs on this site", () => {
    expect(sameOriginRedirect("/admin/courses", base)).toBe("https://assistant.example/admin/courses");
    expect(sameOriginRedirect("https://assistant.example/admin/qa?x=1#a", base)).toBe("https://assistant.example/admin/qa?x=1#a");
    expect(sameOriginRedirect("/admin/login", base)).toBe("https://assistant.example/admin/login");
  });

  it.each([
    ["https://evil.example/admin"],
    ["//evil.example"],
    ["/\\evil.example"],
    ["/%5Cevil.example"],
    ["https://assistant.example/\\evil.example"],
    ["https://assistant.example.evil.example/admin"],
    ["http://assistant.example/admin"],
    ["javascript:alert(1)"],
    ["not a url"],
  ])("sends %j to /admin on this site", (url) => {
    expect(sameOriginRedirect(url, base)).toBe("https://assistant.example/admin");
  });
});
