import { describe, expect, it } from "vitest";
import { staffOrThrow } from "@/lib/auth/guard";
import { assertAdmin, assertCourseAccess, canAccessCourse, courseScope, type StaffIdentity } from "@/lib/auth/staff";
import { HttpError } from "@/lib/http/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";

const admin: StaffIdentity = { role: "ADMIN", userId: "u1", email: "a@uni.ru", name: null, courseIds: [] };
const staff: StaffIdentity = { role: "STAFF", userId: "u2", email: "s@uni.ru", name: null, courseIds: ["c1"] };

function statusOf(run: () => unknown): number | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof HttpError ? error.status : -1;
  }
  return undefined;
}

const request = (method: string, headers: Record<string, string>) => new Request("http://app.local/api/admin/x", { method, headers });

describe("course scope", () => {
  it("gives admins every course and global entries, staff only their own courses", () => {
    expect(canAccessCourse(admin, "c9")).toBe(true);
    expect(canAccessCourse(admin, null)).toBe(true);
    expect(canAccessCourse(staff, "c1")).toBe(true);
    expect(canAccessCourse(staff, "c2")).toBe(false);
    expect(canAccessCourse(staff, null)).toBe(false);
    expect(statusOf(() => assertCourseAccess(staff, "c2"))).toBe(403);
    expect(statusOf(() => assertCourseAccess(staff, "c1"))).toBeUndefined();
    expect(statusOf(() => assertAdmin(staff))).toBe(403);
    expect(courseScope(admin)).toEqual({});
    expect(courseScope(staff)).toEqual({ id: { in: ["c1"] } });
  });

  it("answers 401 without a session and 403 for a student session", () => {
    expect(statusOf(() => staffOrThrow(null))).toBe(401);
    expect(statusOf(() => staffOrThrow({ role: "STUDENT", userId: "s" }))).toBe(403);
    expect(staffOrThrow(staff)).toBe(staff);
  });
});

describe("same-origin check for state-changing requests (admin routes and cookie visitors alike)", () => {
  const direct = { APP_URL: undefined };
  it("lets reads and same-origin writes through", () => {
    expect(statusOf(() => assertSameOrigin(request("GET", { origin: "https://evil.example", host: "app.local" }), direct))).toBeUndefined();
    expect(statusOf(() => assertSameOrigin(request("POST", { origin: "http://app.local", host: "app.local" }), direct))).toBeUndefined();
    expect(statusOf(() => assertSameOrigin(request("DELETE", { host: "app.local" }), direct))).toBeUndefined();
    // Behind a proxy that rewrites Host, APP_URL names the origin browsers use.
    expect(statusOf(() => assertSameOrigin(request("PATCH", { origin: "https://admin.uni.ru", host: "10.0.0.5:3000" }), { APP_URL: "https://admin.uni.ru" }))).toBeUndefined();
  });

  it("refuses writes from another site, and does not take X-Forwarded-Host's word for the app's origin", () => {
    expect(statusOf(() => assertSameOrigin(request("POST", { origin: "https://evil.example", host: "app.local" }), direct))).toBe(403);
    expect(statusOf(() => assertSameOrigin(request("DELETE", { "sec-fetch-site": "cross-site", host: "app.local" }), direct))).toBe(403);
    expect(statusOf(() => assertSameOrigin(request("POST", { origin: "null", host: "app.local" }), direct))).toBe(403);
    expect(statusOf(() => assertSameOrigin(request("POST", { origin: "https://evil.example", host: "app.local", "x-forwarded-host": "evil.example" }), direct))).toBe(403);
  });
});
