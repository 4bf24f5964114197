import type { PrismaClient } from "@/lib/generated/prisma/client";

/** The `space` under which a course's lexical floor is stored (dense floors use the model's key). */
export const LEXICAL_SPACE = "lexical";

/** A course's relevance floors: a hit counts as evidence only when its score is above the floor. */
export type CourseFloors = {
  /** Share of the question's terms a passage must exceed (0–1); 0 (any matching word) until calibrated. */
  lexical: number;
  /** Cosine similarity in an embedding space; undefined while the course is not calibrated for it. */
  dense: (space: string) => number | undefined;
};

type FloorRow = { space: string | null; value: number | null; denseOverride: number | null; lexicalOverride: number | null };

// Floors change when materials are indexed (seconds to minutes apart); the chat reads them for
// every question, so a short cache saves that read on the answer's path.
const CACHE_MS = 5_000;
const cache = new Map<string, { floors: CourseFloors; until: number }>();

/** The floors the course's answers are gated by: staff overrides first, then calibration. */
export async function courseFloors(db: PrismaClient, courseId: string): Promise<CourseFloors> {
  const cached = cache.get(courseId);
  if (cached && cached.until > Date.now()) return cached.floors;
  const rows = await db.$queryRaw<FloorRow[]>`
    SELECT f.space, f.value, c."denseFloorOverride" AS "denseOverride", c."lexicalFloorOverride" AS "lexicalOverride"
    FROM "Course" c LEFT JOIN "RelevanceFloor" f ON f."courseId" = c.id
    WHERE c.id = ${courseId}`;
  const calibrated = new Map(rows.flatMap((row) => (row.space !== null && row.value !== null ? [[row.space, row.value] as const] : [])));
  const denseOverride = rows[0]?.denseOverride ?? null;
  const floors: CourseFloors = {
    lexical: rows[0]?.lexicalOverride ?? calibrated.get(LEXICAL_SPACE) ?? 0,
    // An override is the staff's word for every model, calibrated or not.
    dense: (space) => denseOverride ?? (space === LEXICAL_SPACE ? undefined : calibrated.get(space)),
  };
  cache.set(courseId, { floors, until: Date.now() + CACHE_MS });
  return floors;
}

/** Drops cached floors, e.g. after staff change an override or a calibration is stored. */
export function forgetFloors(courseId?: string): void {
  if (courseId === undefined) cache.clear();
  else cache.delete(courseId);
}
