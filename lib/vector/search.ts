import type { FilterField, PointPayload } from "./payload";

/** Hits of this course and global ones (courseId null). */
export type LexicalQuery = { text: string; courseId: string; limit: number };
export type DenseQuery = { vector: number[]; courseId: string; limit: number };

/** A full-text hit; `score` is the store's BM25 score (unbounded, comparable within one collection). */
export type LexicalHit = { id: string; payload: PointPayload; score: number };
/** A dense hit; `similarity` is the cosine similarity between query and passage vectors (-1..1). */
export type DenseHit = { id: string; payload: PointPayload; similarity: number };

/** Points with these values; a field left out matches any. */
export type CountFilter = { [Field in FilterField]?: string };
