import "server-only";
import { decode } from "next-auth/jwt";
import type { Config } from "@/lib/config/load";
import { authSecret } from "./secret";

// next-auth names the cookie with the __Secure- prefix when the site is served over https.
const COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/** The database session token inside next-auth's signed cookie, if the cookie is present and valid. */
export async function sessionTokenFromCookies(config: Config, cookie: (name: string) => string | undefined): Promise<string | null> {
  const jwt = COOKIE_NAMES.map(cookie).find((value) => value);
  if (!jwt) return null;
  try {
    const payload = await decode({ token: jwt, secret: authSecret(config) });
    return typeof payload?.sid === "string" ? payload.sid : null;
  } catch {
    return null;
  }
}
