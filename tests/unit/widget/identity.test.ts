import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { verifyHostIdentity } from "@/lib/widget/identity";
import { allowedOrigin, frameAncestors, isAllowedOrigin } from "@/lib/widget/origins";
import { issueWidgetSession, readWidgetSession, widgetSessionKey, widgetSessionSite } from "@/lib/widget/session-token";

const SECRET = "host-site-secret-0123456789abcdef";
const now = Date.UTC(2026, 10, 21, 12);
const sign = (claims: Record<string, unknown>, secret = SECRET, alg = "HS256") =>
  new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));

describe("signed identity from a host site", () => {
  it("accepts a JWT signed with the site's secret, with sub, name and a near expiry", async () => {
    const token = await sign({ sub: "moodle-42", name: "Анна Петрова", exp: now / 1000 + 600 });
    expect(await verifyHostIdentity(token, SECRET, now)).toEqual({ externalId: "moodle-42", name: "Анна Петрова" });
  });

  it("refuses a wrong signature, an expired or unbounded token, and missing claims, saying why", async () => {
    await expect(verifyHostIdentity(await sign({ sub: "u", exp: now / 1000 + 600 }, "another-secret-0123456789abcdef0"), SECRET, now)).rejects.toThrow(/wrong signature/);
    await expect(verifyHostIdentity(await sign({ sub: "u", exp: now / 1000 - 1 }), SECRET, now)).rejects.toThrow(/expired/);
    await expect(verifyHostIdentity(await sign({ sub: "u" }), SECRET, now)).rejects.toThrow(/needs sub .* and exp/);
    await expect(verifyHostIdentity(await sign({ exp: now / 1000 + 60 }), SECRET, now)).rejects.toThrow(/needs sub/);
    await expect(verifyHostIdentity(await sign({ sub: "u", exp: now / 1000 + 3 * 24 * 3600 }), SECRET, now)).rejects.toThrow(/more than a day/);
    await expect(verifyHostIdentity("not-a-jwt", SECRET, now)).rejects.toThrow(/not valid/);
  });
});

describe("widget session tokens", () => {
  const key = widgetSessionKey(SECRET, "site-secret-0123456789abcdef0123");
  const session = { origin: "https://lms.university.ru", visitor: "v1" };

  it("round-trip with their site's key, naming the site, and are refused when forged or tampered with", async () => {
    const { token, expiresAt } = await issueWidgetSession("s1", session, key);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(widgetSessionSite(token)).toBe("s1");
    expect(await readWidgetSession(token, key)).toEqual(session);
    expect(await readWidgetSession(`${token.slice(0, -2)}xx`, key)).toBeNull();
    // The site's own secret is not the key: the host holds it, and must not mint sessions with it.
    expect(await readWidgetSession(await sign({ ...session, aud: "course-assistant:widget", exp: Date.now() / 1000 + 60 }, "site-secret-0123456789abcdef0123"), key)).toBeNull();
    expect(await readWidgetSession(await sign({ ...session, exp: Date.now() / 1000 + 60 }), key)).toBeNull();
    expect(widgetSessionSite("not-a-jwt")).toBeNull();
  });

  it("stop verifying when the site's secret or the app's changes", async () => {
    const { token } = await issueWidgetSession("s1", session, key);
    expect(await readWidgetSession(token, widgetSessionKey(SECRET, "rotated-secret-0123456789abcdef01"))).toBeNull();
    expect(await readWidgetSession(token, widgetSessionKey("another-app-secret-0123456789abcd", "site-secret-0123456789abcdef0123"))).toBeNull();
  });
});

describe("allowed origins", () => {
  it("reduces pasted addresses to origins and refuses what is not a web address", () => {
    expect(allowedOrigin.parse("https://lms.university.ru/course/view.php?id=5")).toBe("https://lms.university.ru");
    expect(allowedOrigin.parse(" http://localhost:8080/ ")).toBe("http://localhost:8080");
    expect(allowedOrigin.safeParse("lms.university.ru").success).toBe(false);
    expect(allowedOrigin.safeParse("javascript:alert(1)").success).toBe(false);
  });

  it("matches exact origins only, and frames nowhere with an empty list", () => {
    expect(isAllowedOrigin(["https://a.ru"], "https://a.ru")).toBe(true);
    expect(isAllowedOrigin(["https://a.ru"], "https://a.ru.evil.com")).toBe(false);
    expect(isAllowedOrigin([], "https://a.ru")).toBe(false);
    expect(isAllowedOrigin(["https://a.ru"], null)).toBe(false);
    expect(frameAncestors([])).toBe("frame-ancestors 'none'");
    expect(frameAncestors(["https://a.ru", "http://b.ru:81"])).toBe("frame-ancestors https://a.ru http://b.ru:81");
  });
});

describe("widget.js", () => {
  it("stays under 8 KB minified and gzipped", async () => {
    const { readFile } = await import("node:fs/promises");
    const { transform } = await import("esbuild");
    const { gzipSync } = await import("node:zlib");
    const { code } = await transform(await readFile("public/widget.js", "utf8"), { minify: true, target: "es2018" });
    expect(gzipSync(code, { level: 9 }).byteLength).toBeLessThan(8 * 1024);
  });
});
