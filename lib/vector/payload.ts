import { z } from "zod";

/** What a point carries besides its vector: enough to cite it without reading the database. */
export const pointPayload = z.object({
  /** null: applies to every course (global FAQ and organisational entries). */
  courseId: z.string().nullable(),
  /** Set for course materials. */
  documentId: z.string().nullable(),
  /** Set for FAQ and organisational entries. */
  entryId: z.string().nullable(),
  /** Document title, or the entry's question. */
  title: z.string(),
  /** 1-based PDF page the passage starts on. */
  page: z.number().int().nullable(),
  /** Heading path, e.g. "Лекция 2 › Основные типы". */
  section: z.string().nullable(),
  /** Index of the passage within its document (0 for entries). */
  position: z.number().int(),
  /** The passage itself; also what lexical search matches. */
  text: z.string(),
});

export type PointPayload = z.infer<typeof pointPayload>;
export type PayloadField = keyof PointPayload;

export const PAYLOAD_FIELDS = pointPayload.keyof().options;

/** The fields filters use, so both stores index them: every search filters by course; deletions filter by document or entry. */
export const FILTER_FIELDS = ["courseId", "documentId", "entryId"] as const satisfies readonly PayloadField[];
export type FilterField = (typeof FILTER_FIELDS)[number];

/** A passage of course material: it belongs to no entry. */
export const documentPayload = (fields: Omit<PointPayload, "entryId">): PointPayload => ({ ...fields, entryId: null });

/** A FAQ or organisational entry: one passage, of no document, page or section. */
export const entryPayload = (fields: Pick<PointPayload, "courseId" | "title" | "text"> & { entryId: string }): PointPayload => ({
  ...fields,
  documentId: null,
  page: null,
  section: null,
  position: 0,
});
