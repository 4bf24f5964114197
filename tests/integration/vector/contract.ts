import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PointPayload } from "@/lib/vector/payload";
import { pointId } from "@/lib/vector/point-id";
import { cosineSimilarity } from "@/lib/vector/similarity";
import type { Passage, VectorPoint, VectorSpace, VectorStore } from "@/lib/vector/types";

const axis = (dimension: number, i: number, scale = 1) => Array.from({ length: dimension }, (_, j) => (j === i ? scale : 0));
const add = (a: number[], b: number[]) => a.map((v, i) => v + b[i]);

/** Two models' spaces of different sizes, and one that no handle creates until late in the run. */
const SPACE_A: VectorSpace = { key: "a1b2c3d4e5f60718", dimension: 8 };
const SPACE_B: VectorSpace = { key: "Zm9v-YmFy_cXV4", dimension: 4 };
const SPACE_LATE: VectorSpace = { key: "1a7e5bace0000001", dimension: 8 };
const a = (i: number, scale = 1) => axis(SPACE_A.dimension, i, scale);
const b = (i: number, scale = 1) => axis(SPACE_B.dimension, i, scale);

function passage(courseId: string, documentId: string, position: number, text: string): Passage {
  const payload: PointPayload = {
    courseId,
    documentId,
    entryId: null,
    title: `Документ ${documentId}`,
    page: position + 1,
    section: `Раздел ${position}`,
    position,
    text,
  };
  return { id: pointId(documentId, position), payload };
}

function entry(courseId: string | null, entryId: string, text: string): Passage {
  const payload: PointPayload = { courseId, documentId: null, entryId, title: text, page: null, section: null, position: 0, text };
  return { id: pointId("entry", entryId), payload };
}

const withVector = (item: Passage, vector: number[]): VectorPoint => ({ ...item, vector });

const COURSE_A = "course-a";
const COURSE_B = "course-b";
const docA = [
  passage(COURSE_A, "doc-a", 0, "Лекция о циклах: оператор for перебирает элементы списка."),
  passage(COURSE_A, "doc-a", 1, "Функции возвращают значения оператором return."),
  passage(COURSE_A, "doc-a", 2, "Гиперпараметр обучения подбирают на валидационной выборке."),
  passage(COURSE_A, "doc-a", 3, "Типы переменных в Python определяются значением."),
];
const docA2 = [passage(COURSE_A, "doc-a2", 0, "Словари хранят пары ключ и значение.")];
const docB = [passage(COURSE_B, "doc-b", 0, "Лекция о циклах в другом курсе.")];
const faq = [
  entry(COURSE_A, "faq-a", "Когда сдавать домашнее задание курса A?"),
  entry(COURSE_B, "faq-b", "Когда сдавать домашнее задание курса B?"),
  entry(null, "faq-global", "Где смотреть сроки, если домашнее задание не открывается?"),
];

/** Course passages in space A: each on its own axis, so the nearest one is never in doubt. */
const vectorsA = [...docA.map((p, i) => withVector(p, a(i))), withVector(docA2[0], a(4)), withVector(docB[0], a(0))];
/** Space B holds two of the same passages, with vectors of its own size pointing elsewhere. */
const vectorsB = [withVector(docA[0], b(3)), withVector(docA[1], add(b(3), b(2)))];
const faqVectors = [withVector(faq[0], a(5)), withVector(faq[1], a(5)), withVector(faq[2], add(a(5, 0.9), a(6, 0.4)))];

/**
 * The behaviour every VectorStore must have. Each implementation's test file calls this with a
 * factory for a fresh, empty location and two handles on it, as the app server and the ingestion
 * worker hold: the second never creates collections unless a test says so.
 */
export function vectorStoreContract(name: string, createStores: () => Promise<[VectorStore, VectorStore]>) {
  describe(`VectorStore contract: ${name}`, () => {
    let store: VectorStore;
    let peer: VectorStore;

    beforeAll(async () => {
      [store, peer] = await createStores();
      await store.ensurePassages();
    });
    afterAll(async () => {
      await store?.close();
      await peer?.close();
    });

    it("before any collection exists, finds nothing, counts nothing and deletes nothing", async () => {
      const [untouched, other] = await createStores();
      expect(await untouched.lexicalSearch("course", { text: "циклах", courseId: COURSE_A, limit: 5 })).toEqual([]);
      expect(await untouched.denseSearch("course", SPACE_A, { vector: a(0), courseId: COURSE_A, limit: 5 })).toEqual([]);
      expect(await untouched.count("faq")).toBe(0);
      expect(await untouched.count("faq", {}, SPACE_A)).toBe(0);
      await untouched.deleteDocument("course", "doc-a");
      await untouched.deleteEntry("faq", "faq-a");
      await Promise.all([untouched.close(), other.close()]);
    });

    it("creates the passage collections idempotently, empty", async () => {
      await store.ensurePassages();
      expect(await store.lexicalSearch("org", { text: "деканат", courseId: COURSE_A, limit: 5 })).toEqual([]);
      expect(await store.count("org")).toBe(0);
      // The other handle opens what it reads now, before anything is written, as a running app server does.
      expect(await peer.count("course")).toBe(0);
    });

    it("makes passages searchable by their words with no embedding space at all", async () => {
      await store.upsertPassages("course", [...docA, ...docA2, ...docB]);
      await store.upsertPassages("faq", faq);
      expect(await store.count("course")).toBe(6);
      expect(await store.count("course", { courseId: COURSE_A })).toBe(5);
      expect(await store.count("course", { documentId: "doc-a" })).toBe(4);
      expect(await store.count("faq", { entryId: "faq-global" })).toBe(1);
      expect(await store.count("course", {}, SPACE_A)).toBe(0);

      const hits = await store.lexicalSearch("course", { text: "гиперпараметр", courseId: COURSE_A, limit: 5 });
      expect(hits.map((hit) => hit.id)).toEqual([docA[2].id]);
      expect(hits[0].payload).toEqual(docA[2].payload);
      expect(hits[0].score).toBeGreaterThan(0);
      // Only stop words: nothing to match on.
      expect(await store.lexicalSearch("course", { text: "и в на", courseId: COURSE_A, limit: 5 })).toEqual([]);
    });

    it("ranks lexical hits by BM25: more of the query's terms, higher score", async () => {
      const hits = await store.lexicalSearch("course", { text: "оператор return", courseId: COURSE_A, limit: 5 });
      expect(hits.map((hit) => hit.id)).toEqual([docA[1].id, docA[0].id]);
      expect(hits[0].score).toBeGreaterThan(hits[1].score);
      expect(hits[1].score).toBeGreaterThan(0);
    });

    it("matches Russian word forms lexically", async () => {
      // The passage says "переменных"; only a shared stem connects them.
      const hits = await store.lexicalSearch("course", { text: "переменная", courseId: COURSE_A, limit: 5 });
      expect(hits.map((hit) => hit.id)).toEqual([docA[3].id]);
    });

    it("keeps lexical hits to the asked course and includes global entries", async () => {
      const hits = await store.lexicalSearch("course", { text: "лекция о циклах", courseId: COURSE_B, limit: 10 });
      expect(hits.map((hit) => hit.id)).toEqual([docB[0].id]);
      const faqHits = await store.lexicalSearch("faq", { text: "домашнее задание", courseId: COURSE_A, limit: 10 });
      expect(faqHits.map((hit) => hit.payload.entryId).sort()).toEqual(["faq-a", "faq-global"]);
    });

    it("shows another handle the passages written at once", async () => {
      expect(await peer.count("course", { documentId: "doc-a" })).toBe(4);
      const hits = await peer.lexicalSearch("course", { text: "словари", courseId: COURSE_A, limit: 1 });
      expect(hits.map((hit) => hit.id)).toEqual([docA2[0].id]);
    });

    it("replaces passages upserted again under the same ids", async () => {
      const changed = { ...docA[1], payload: { ...docA[1].payload, text: "Функции возвращают результат оператором return." } };
      await store.upsertPassages("course", [changed]);
      expect(await store.count("course", { documentId: "doc-a" })).toBe(4);
      const hits = await store.lexicalSearch("course", { text: "результат", courseId: COURSE_A, limit: 5 });
      expect(hits.map((hit) => hit.id)).toEqual([docA[1].id]);
      expect(hits[0].payload).toEqual(changed.payload);
      const old = await store.lexicalSearch("course", { text: "значения", courseId: COURSE_A, limit: 10 });
      expect(old.map((hit) => hit.id)).not.toContain(docA[1].id);
    });

    it("creates a space's collections idempotently and rejects another size under its key", async () => {
      await store.ensureSpace(SPACE_A);
      await store.ensureSpace(SPACE_A);
      expect(await store.count("course", {}, SPACE_A)).toBe(0);
      expect(await peer.count("course", {}, SPACE_A)).toBe(0);
      await expect(store.ensureSpace({ ...SPACE_A, dimension: 16 })).rejects.toThrow(/dimension/i);
    });

    it("refuses a space key that could not name its collections apart from another model's", async () => {
      await expect(store.ensureSpace({ key: "a+b/c=", dimension: 8 })).rejects.toThrow(/key/);
      await expect(store.denseSearch("course", { key: "../x", dimension: 8 }, { vector: a(0), courseId: COURSE_A, limit: 1 })).rejects.toThrow(/key/);
    });

    it("searches a space by cosine similarity, best first, filtered by course, citing the payload", async () => {
      await store.upsertVectors("course", SPACE_A, vectorsA);
      expect(await store.count("course", {}, SPACE_A)).toBe(6);
      expect(await store.count("course", { documentId: "doc-a" }, SPACE_A)).toBe(4);

      const vector = add(a(3), a(1, 0.3));
      const hits = await store.denseSearch("course", SPACE_A, { vector, courseId: COURSE_A, limit: 10 });
      // Course A only: doc-b's passage lies on axis 0 as well but belongs to course B.
      expect(hits.map((hit) => hit.id).sort()).toEqual([...docA, ...docA2].map((p) => p.id).sort());
      expect(hits.slice(0, 2).map((hit) => hit.id)).toEqual([docA[3].id, docA[1].id]);
      expect(hits[0].similarity).toBeCloseTo(cosineSimilarity(vector, a(3)), 5);
      expect(hits[0].similarity).toBeCloseTo(1 / Math.hypot(1, 0.3), 5);
      expect(hits[1].similarity).toBeCloseTo(0.3 / Math.hypot(1, 0.3), 5);
      expect(hits[2].similarity).toBeCloseTo(0, 5);
      expect(hits[0].payload).toEqual(docA[3].payload);

      const [identical] = await store.denseSearch("course", SPACE_A, { vector: a(2, 5), courseId: COURSE_A, limit: 1 });
      expect(identical.id).toBe(docA[2].id);
      expect(identical.similarity).toBeCloseTo(1, 5);
      const opposite = await store.denseSearch("course", SPACE_A, { vector: a(2, -1), courseId: COURSE_A, limit: 10 });
      expect(opposite.at(-1)).toMatchObject({ id: docA[2].id, similarity: expect.closeTo(-1, 5) });
    });

    it("keeps spaces apart: two sizes coexist and a search in one never returns the other's vectors", async () => {
      await store.ensureSpace(SPACE_B);
      await store.upsertVectors("course", SPACE_B, vectorsB);
      expect(await store.count("course", {}, SPACE_B)).toBe(2);
      expect(await store.count("course", {}, SPACE_A)).toBe(6);

      const inB = await store.denseSearch("course", SPACE_B, { vector: b(2), courseId: COURSE_A, limit: 10 });
      expect(inB.map((hit) => hit.id)).toEqual([docA[1].id, docA[0].id]);
      expect(inB[0].similarity).toBeCloseTo(Math.SQRT1_2, 5);
      expect(inB[1].similarity).toBeCloseTo(0, 5);
      // In space A the same passage lies on its own axis, which the B vectors do not.
      const [inA] = await store.denseSearch("course", SPACE_A, { vector: a(1), courseId: COURSE_A, limit: 1 });
      expect(inA).toMatchObject({ id: docA[1].id, similarity: expect.closeTo(1, 5) });
    });

    it("rejects vectors and queries of the wrong size for the space", async () => {
      const [point] = vectorsB;
      await expect(store.upsertVectors("course", SPACE_A, [point])).rejects.toThrow(/dimension/i);
      await expect(store.denseSearch("course", SPACE_B, { vector: a(0), courseId: COURSE_A, limit: 1 })).rejects.toThrow(/dimension/i);
      expect(await store.count("course", {}, SPACE_A)).toBe(6);
    });

    it("replaces vectors upserted again under the same ids", async () => {
      await store.upsertVectors("course", SPACE_A, [withVector(docA[0], a(7))]);
      expect(await store.count("course", {}, SPACE_A)).toBe(6);
      const [hit] = await store.denseSearch("course", SPACE_A, { vector: a(7), courseId: COURSE_A, limit: 1 });
      expect(hit).toMatchObject({ id: docA[0].id, similarity: expect.closeTo(1, 5) });
      const onOldAxis = await store.denseSearch("course", SPACE_A, { vector: a(0), courseId: COURSE_A, limit: 10 });
      expect(onOldAxis[0].similarity).toBeCloseTo(0, 5);
    });

    it("shows another handle the vectors written at once", async () => {
      expect(await peer.count("course", {}, SPACE_B)).toBe(2);
      const [hit] = await peer.denseSearch("course", SPACE_A, { vector: a(4), courseId: COURSE_A, limit: 1 });
      expect(hit).toMatchObject({ id: docA2[0].id, similarity: expect.closeTo(1, 5) });
    });

    it("finds nothing in a space not created yet, and finds its vectors once another handle creates it", async () => {
      const query = { vector: a(5), courseId: COURSE_A, limit: 10 };
      expect(await store.denseSearch("faq", SPACE_LATE, query)).toEqual([]);
      expect(await store.count("faq", {}, SPACE_LATE)).toBe(0);
      await peer.ensureSpace(SPACE_LATE);
      await peer.upsertVectors("faq", SPACE_LATE, faqVectors);
      const hits = await store.denseSearch("faq", SPACE_LATE, query);
      // Course A's entry and the global one, never course B's.
      expect(hits.map((hit) => hit.payload.entryId)).toEqual(["faq-a", "faq-global"]);
      expect(hits[1].similarity).toBeCloseTo(cosineSimilarity(a(5), faqVectors[2].vector), 5);
    });

    it("deletes a document's passages and its vectors in every space, nothing else", async () => {
      await store.deleteDocument("course", "doc-a");
      expect(await store.count("course", { documentId: "doc-a" })).toBe(0);
      expect(await store.count("course")).toBe(2);
      expect(await store.count("course", { documentId: "doc-a" }, SPACE_A)).toBe(0);
      expect(await store.count("course", {}, SPACE_A)).toBe(2);
      expect(await store.count("course", {}, SPACE_B)).toBe(0);
      expect(await store.lexicalSearch("course", { text: "гиперпараметр", courseId: COURSE_A, limit: 5 })).toEqual([]);
      const hits = await store.denseSearch("course", SPACE_A, { vector: a(2), courseId: COURSE_A, limit: 10 });
      expect(hits.map((hit) => hit.payload.documentId)).toEqual(["doc-a2"]);
    });

    it("deletes an entry's passage and its vectors in every space, nothing else", async () => {
      await store.ensureSpace(SPACE_A);
      await store.upsertVectors("faq", SPACE_A, faqVectors);
      // The late space's collections were made by the other handle after this one first looked.
      await store.deleteEntry("faq", "faq-global");
      expect(await store.count("faq")).toBe(2);
      expect(await store.count("faq", { entryId: "faq-global" }, SPACE_A)).toBe(0);
      expect(await store.count("faq", {}, SPACE_A)).toBe(2);
      expect(await store.count("faq", {}, SPACE_LATE)).toBe(2);
      const hits = await store.lexicalSearch("faq", { text: "домашнее задание", courseId: COURSE_A, limit: 10 });
      expect(hits.map((hit) => hit.payload.entryId)).toEqual(["faq-a"]);
    });
  });
}
