import bcrypt from "bcryptjs";

// Cost 12 takes a few hundred milliseconds in pure JS: slow for a guesser, fine for a sign-in.
const COST = 12;
export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the e-mail is unknown, so a wrong address takes as long as a wrong password.
const DUMMY_HASH = bcrypt.hashSync("not-a-real-password", COST);

export async function verifyOrWaste(password: string, hash: string | null | undefined): Promise<boolean> {
  return verifyPassword(password, hash ?? DUMMY_HASH).then((ok) => ok && hash != null);
}
