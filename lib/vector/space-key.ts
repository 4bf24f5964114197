import type { VectorSpace } from "./types";

const SPACE_KEY = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The space's key as it goes into table and collection names. A key outside the hex/base64url
 * alphabet is refused rather than rewritten: two keys rewritten alike would share collections,
 * mixing the vectors of two models.
 */
export function spaceKey(space: VectorSpace): string {
  if (!SPACE_KEY.test(space.key)) {
    throw new Error(`Vector space key "${space.key}" must be 1 to 64 characters of A-Z, a-z, 0-9, "_" and "-" (a hex or base64url fingerprint)`);
  }
  return space.key;
}
