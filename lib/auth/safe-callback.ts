// A sentinel origin: a value that resolves to any other origin names another site.
const OURS = "http://callback.invalid";

/**
 * Where to go after signing in: the value when it is a path on this site, else the fallback.
 * Browsers read `/\host` and `//host` as another host and drop tabs and newlines inside URLs,
 * so those are refused outright before the value is resolved against a sentinel origin. The same
 * shapes percent-encoded (`/%5Chost`, `/%2F%2Fhost`) are refused too: a proxy or a later redirect
 * that decodes the path once would turn them back into another host. Anything but one string
 * (a repeated query parameter is a list) falls back too.
 */
export function safeCallback(value: unknown, fallback = "/admin"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || /[\\\s\p{Cc}]/u.test(value)) return fallback;
  try {
    const decoded = decodeURIComponent(value);
    if (decoded.startsWith("//") || decoded.includes("\\")) return fallback;
    return new URL(value, OURS).origin === OURS ? value : fallback;
  } catch {
    return fallback;
  }
}

/**
 * next-auth's redirect target: `url` as a path on `baseUrl`'s site, else the fallback there.
 * next-auth passes both relative paths and absolute URLs; an absolute one on this origin is reduced
 * to its path so the same rules apply, and one elsewhere is never followed.
 */
export function sameOriginRedirect(url: string, baseUrl: string, fallback = "/admin"): string {
  const base = new URL(baseUrl);
  let path: unknown = url;
  if (!url.startsWith("/")) {
    try {
      const target = new URL(url);
      path = target.origin === base.origin ? target.pathname + target.search + target.hash : undefined;
    } catch {
      path = undefined;
    }
  }
  return new URL(safeCallback(path, fallback), base.origin).href;
}
