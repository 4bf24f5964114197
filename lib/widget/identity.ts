import "server-only";
import { errors, jwtVerify } from "jose";
import { z } from "zod";

/** The longest a host may make an identity valid: it is minted per page view, not per account. */
const MAX_LIFETIME_S = 24 * 3600;

const claims = z.object({
  sub: z.string().min(1).max(200),
  name: z.string().trim().max(200).optional(),
  exp: z.number(),
  iat: z.number().optional(),
});

export type HostIdentity = { externalId: string; name: string | null };

export class IdentityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IdentityError";
  }
}

/**
 * Verifies the identity a host page passes for its signed-in user: a JWT (HS256) signed with the
 * widget site's secret, with the user's id in `sub`, an optional display `name`, and a required
 * `exp` at most a day away. Anything else is refused with the reason.
 */
export async function verifyHostIdentity(token: string, secret: string, now = Date.now()): Promise<HostIdentity> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ["HS256"], currentDate: new Date(now) }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new IdentityError("the signed identity has expired");
    throw new IdentityError("the signed identity is not valid (wrong signature or format)");
  }
  const parsed = claims.safeParse(payload);
  if (!parsed.success) throw new IdentityError("the signed identity needs sub (the user id) and exp");
  if (parsed.data.exp - now / 1000 > MAX_LIFETIME_S) throw new IdentityError("the signed identity is valid for more than a day; mint it per page view");
  return { externalId: parsed.data.sub, name: parsed.data.name ?? null };
}
