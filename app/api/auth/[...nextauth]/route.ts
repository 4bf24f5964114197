import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { readBodyText } from "@/lib/http/body";
import { responseForError } from "@/lib/http/errors";
import { getContainer } from "@/lib/server/container";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

/** A sign-in form is an e-mail, a password and a CSRF token: a few hundred bytes. */
const AUTH_BODY_MAX_BYTES = 8 * 1024;

function handle(request: NextRequest, context: Context) {
  const { config } = getContainer();
  // next-auth builds its links from NEXTAUTH_URL; without APP_URL it may trust the Host header,
  // since this app is served directly or behind the operator's own proxy.
  if (config.APP_URL) process.env.NEXTAUTH_URL ??= config.APP_URL;
  else process.env.AUTH_TRUST_HOST ??= "true";
  return NextAuth(request as never, context as never, authOptions()) as Promise<Response>;
}

/** next-auth reads the whole body itself; it gets it only once it is known to be small. */
async function post(request: NextRequest, context: Context) {
  let body: string;
  try {
    body = await readBodyText(request, AUTH_BODY_MAX_BYTES);
  } catch (error) {
    return responseForError(error);
  }
  return handle(new NextRequest(request.url, { method: "POST", headers: request.headers, body }), context);
}

export { handle as GET, post as POST };
