import type { PointPayload, VectorSpace } from "./types";

/** How both stores keep a point's payload: snake_case fields, the ones filtered on indexed. */
export type StoredPayload = {
  course_id: string | null;
  document_id: string | null;
  entry_id: string | null;
  title: string;
  page: number | null;
  section: string | null;
  position: number;
  text: string;
};

export function toStoredPayload(payload: PointPayload): StoredPayload {
  return {
    course_id: payload.courseId,
    document_id: payload.documentId,
    entry_id: payload.entryId,
    title: payload.title,
    page: payload.page,
    section: payload.section,
    position: payload.position,
    text: payload.text,
  };
}

export function fromStoredPayload(stored: StoredPayload): PointPayload {
  return {
    courseId: stored.course_id,
    documentId: stored.document_id,
    entryId: stored.entry_id,
    title: stored.title,
    page: stored.page,
    section: stored.section,
    position: stored.position,
    text: stored.text,
  };
}

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
