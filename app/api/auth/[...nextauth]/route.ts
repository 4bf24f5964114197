import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { getConfig } from "@/lib/config/load";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

function handle(request: Request, context: Context) {
  const config = getConfig();
  // next-auth builds its links from NEXTAUTH_URL; without APP_URL it may trust the Host header,
  // since this app is served directly or behind the operator's own proxy.
  if (config.APP_URL) process.env.NEXTAUTH_URL ??= config.APP_URL;
  else process.env.AUTH_TRUST_HOST ??= "true";
  return NextAuth(request as never, context as never, authOptions()) as Promise<Response>;
}

export { handle as GET, handle as POST };
