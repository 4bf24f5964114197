import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getConfig } from "@/lib/config/load";
import { getDb } from "@/lib/db/client";
import { clientAddress } from "@/lib/http/request";
import { rateLimitedError } from "./login-errors";
import { LoginThrottle } from "./login-throttle";
import { verifyOrWaste } from "./password";
import { authSecret } from "./secret";
import { closeSession, openSession } from "./sessions";

const credentials = z.object({ email: z.email().max(320), password: z.string().min(1).max(1024) });

let throttle: LoginThrottle | undefined;

/** next-auth configured for admins and staff: e-mail and password, sessions kept in PostgreSQL. */
export function authOptions(): NextAuthOptions {
  const config = getConfig();
  throttle ??= LoginThrottle.fromConfig(config);
  const limiter = throttle;
  return {
    secret: authSecret(config),
    // Credentials sign-in requires the JWT strategy; the JWT only names a database session
    // (see callbacks.jwt), so sign-out and disabling a user take effect at once.
    session: { strategy: "jwt", maxAge: config.AUTH_SESSION_HOURS * 3600 },
    pages: { signIn: "/admin/login", error: "/admin/login" },
    providers: [
      CredentialsProvider({
        name: "email",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(raw, request) {
          const parsed = credentials.safeParse(raw);
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          const ip = clientAddress(new Headers(request.headers as Record<string, string>));
          const waitMs = limiter.retryAfterMs(email, ip);
          if (waitMs > 0) throw rateLimitedError(waitMs);
          const user = await getDb().user.findUnique({ where: { email: email.toLowerCase() } });
          const staff = user && !user.disabledAt && user.role !== "STUDENT" ? user : null;
          if (!(await verifyOrWaste(password, staff?.passwordHash))) {
            limiter.failed(email, ip);
            return null;
          }
          limiter.succeeded(email);
          return { id: staff!.id, email: staff!.email, name: staff!.name };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) token.sid = await openSession(getDb(), user.id, config.AUTH_SESSION_HOURS);
        return token;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await closeSession(getDb(), token.sid);
      },
    },
  };
}
