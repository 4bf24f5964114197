import type { PointPayload } from "./types";

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
