import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { clientAddress } from "@/lib/http/client-address";
import { HashGate, HashGateFullError } from "./hash-gate";
import { rateLimitedError } from "./login-errors";
import { LoginThrottle } from "./login-throttle";
import { verifyOrWaste } from "./password";
import { sameOriginRedirect } from "./safe-callback";
import { authSecret } from "./secret";
import { closeSession, openSession } from "./sessions";
import { getContainer } from "@/lib/server/container";

const credentials = z.object({ email: z.email().max(320), password: z.string().min(1).max(1024) });

// Per process: it bounds this process's CPU.
let hashGate: HashGate | undefined;
const BUSY_RETRY_MS = 5_000;

/** next-auth configured for admins and staff: e-mail and password, sessions kept in PostgreSQL. */
export function authOptions(): NextAuthOptions {
  const config = getContainer().config;
  hashGate ??= new HashGate(config.LOGIN_MAX_CONCURRENT_HASHES);
  const gate = hashGate;
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
          const address = clientAddress(new Headers(request.headers as Record<string, string>), config);
          const { db, limiter } = getContainer();
          const throttle = LoginThrottle.fromConfig(limiter, config);
          const decision = await throttle.attempt(email, address);
          if (!decision.ok) throw rateLimitedError(decision.retryAfterS * 1000);
          const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
          const staff = user && !user.disabledAt && user.role !== "STUDENT" ? user : null;
          const valid = await gate.run(() => verifyOrWaste(password, staff?.passwordHash)).catch((error: unknown) => {
            if (error instanceof HashGateFullError) throw rateLimitedError(BUSY_RETRY_MS);
            throw error;
          });
          if (!valid) return null;
          await throttle.succeeded(email, address);
          return { id: staff!.id, email: staff!.email, name: staff!.name };
        },
      }),
    ],
    callbacks: {
      // Where sign-in and sign-out land: only a path on this site, whatever callbackUrl asked for.
      redirect: async ({ url, baseUrl }) => sameOriginRedirect(url, baseUrl),
      async jwt({ token, user }) {
        if (user) token.sid = await openSession(getContainer().db, user.id, config.AUTH_SESSION_HOURS);
        return token;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await closeSession(getContainer().db, token.sid);
      },
    },
  };
}
