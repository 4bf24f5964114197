import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cosineSimilarity, pointId } from "@/lib/vector/point-id";
import type { PointPayload, VectorPoint, VectorStore } from "@/lib/vector/types";

const DIM = 8;
const axis = (i: number, scale = 1) => Array.from({ length: DIM }, (_, j) => (j === i ? scale : 0));
const add = (a: number[], b: number[]) => a.map((v, i) => v + b[i]);

function passage(courseId: string, documentId: string, position: number, text: string, vector: number[]): VectorPoint {
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
  return { id: pointId(documentId, position), vector, payload };
}

function entry(courseId: string | null, entryId: string, text: string, vector: number[]): VectorPoint {
  const payload: PointPayload = { courseId, documentId: null, entryId, title: text, page: null, section: null, position: 0, text };
  return { id: pointId("entry", entryId), vector, payload };
}

const COURSE_A = "course-a";
const COURSE_B = "course-b";
const docA = [
  passage(COURSE_A, "doc-a", 0, "Лекция о циклах: оператор for перебирает элементы списка.", axis(0)),
  passage(COURSE_A, "doc-a", 1, "Функции возвращают значения оператором return.", axis(1)),
  passage(COURSE_A, "doc-a", 2, "Гиперпараметр обучения подбирают на валидационной выборке.", axis(2)),
  passage(COURSE_A, "doc-a", 3, "Типы переменных в Python определяются значением.", axis(3)),
];
const docA2 = [passage(COURSE_A, "doc-a2", 0, "Словари хранят пары ключ и значение.", axis(4))];
const docB = [passage(COURSE_B, "doc-b", 0, "Лекция о циклах в другом курсе.", axis(0))];
const faq = [
  entry(COURSE_A, "faq-a", "Когда сдавать домашнее задание курса A?", axis(5)),
  entry(COURSE_B, "faq-b", "Когда сдавать домашнее задание курса B?", axis(5)),
  entry(null, "faq-global", "Где находится деканат?", add(axis(5, 0.9), axis(6, 0.4))),
];

/**
 * The behaviour every VectorStore must have. Each implementation's test file calls this with a
 * factory for a fresh, empty location and two handles on it, as the app server and the ingestion
 * worker hold: the second never creates the collections itself.
 */
export function vectorStoreContract(name: string, createStores: () => Promise<[VectorStore, VectorStore]>) {
  describe(`VectorStore contract: ${name}`, () => {
    let store: VectorStore;
    let peer: VectorStore;

    beforeAll(async () => {
      [store, peer] = await createStores();
      await store.ensureCollections(DIM);
    });
    afterAll(async () => {
      await store?.close();
      await peer?.close();
    });

    it("before any collection exists, finds nothing, counts nothing and deletes nothing", async () => {
      const [untouched, other] = await createStores();
      expect(await untouched.search("course", { vector: axis(0), text: "циклах", courseId: COURSE_A, limit: 5 })).toEqual([]);
      expect(await untouched.count("faq")).toBe(0);
      await untouched.deleteDocument("course", "doc-a");
      await untouched.deleteEntry("faq", "faq-a");
      await Promise.all([untouched.close(), other.close()]);
    });

    it("creates collections idempotently and rejects a different vector size", async () => {
      await store.ensureCollections(DIM);
      await expect(store.ensureCollections(DIM * 2)).rejects.toThrow(/dimension|size/i);
    });

    it("finds nothing in an empty collection", async () => {
      expect(await store.search("org", { vector: axis(0), text: "деканат", courseId: COURSE_A, limit: 5 })).toEqual([]);
      expect(await store.count("org")).toBe(0);
    });

    it("upserts points and counts them by course and document", async () => {
      await store.upsert("course", [...docA, ...docA2, ...docB]);
      await store.upsert("faq", faq);
      expect(await store.count("course")).toBe(6);
      expect(await store.count("course", { courseId: COURSE_A })).toBe(5);
      expect(await store.count("course", { documentId: "doc-a" })).toBe(4);
      expect(await store.count("faq", { entryId: "faq-global" })).toBe(1);
    });

    it("shows another handle what was written at once", async () => {
      expect(await peer.count("course", { documentId: "doc-a" })).toBe(4);
      const [hit] = await peer.search("course", { vector: axis(4), text: "словари", courseId: COURSE_A, limit: 1 });
      expect(hit.id).toBe(docA2[0].id);
    });

    it("replaces points upserted again under the same ids", async () => {
      const changed = { ...docA[1], payload: { ...docA[1].payload, text: "Функции возвращают результат оператором return." } };
      await store.upsert("course", [changed]);
      expect(await store.count("course", { documentId: "doc-a" })).toBe(4);
      const [hit] = await store.search("course", { vector: axis(1), text: "функции", courseId: COURSE_A, limit: 1 });
      expect(hit.id).toBe(docA[1].id);
      expect(hit.payload).toEqual(changed.payload);
    });

    it("ranks the nearest vector first and reports cosine similarity", async () => {
      const vector = add(axis(3), axis(1, 0.3));
      const hits = await store.search("course", { vector, text: "", courseId: COURSE_A, limit: 3 });
      expect(hits[0].id).toBe(docA[3].id);
      expect(hits[0].similarity).toBeCloseTo(cosineSimilarity(vector, docA[3].vector), 5);
      expect(hits[1].id).toBe(docA[1].id);
      expect(hits[1].similarity).toBeCloseTo(cosineSimilarity(vector, docA[1].vector), 5);
      expect(hits.length).toBeLessThanOrEqual(3);
      expect(hits[0].score).toBeGreaterThanOrEqual(hits[1].score);
    });

    it("fuses lexical and dense rankings: an exact rare term lifts its passage", async () => {
      const vector = add(axis(0), axis(2, 0.5));
      const dense = await store.search("course", { vector, text: "абракадабра", courseId: COURSE_A, limit: 3 });
      expect(dense[0].id).toBe(docA[0].id);
      const hybrid = await store.search("course", { vector, text: "гиперпараметр", courseId: COURSE_A, limit: 3 });
      expect(hybrid[0].id).toBe(docA[2].id);
      expect(hybrid[0].similarity).toBeCloseTo(cosineSimilarity(vector, docA[2].vector), 5);
    });

    it("matches Russian word forms lexically", async () => {
      // "переменная" and "переменных" share a stem; the vector points elsewhere.
      const vector = add(axis(0), axis(3, 0.5));
      const hits = await store.search("course", { vector, text: "тип переменная", courseId: COURSE_A, limit: 2 });
      expect(hits[0].id).toBe(docA[3].id);
    });

    it("keeps to the asked course and includes global entries", async () => {
      const hits = await store.search("course", { vector: axis(0), text: "лекция о циклах", courseId: COURSE_B, limit: 10 });
      expect(hits.map((h) => h.id)).toEqual([docB[0].id]);
      const faqHits = await store.search("faq", { vector: axis(5), text: "домашнее задание", courseId: COURSE_A, limit: 10 });
      expect(faqHits.map((h) => h.payload.entryId).sort()).toEqual(["faq-a", "faq-global"]);
    });

    it("deletes a document's points and an entry's points, nothing else", async () => {
      await store.deleteDocument("course", "doc-a");
      expect(await store.count("course", { documentId: "doc-a" })).toBe(0);
      expect(await store.count("course")).toBe(2);
      const hits = await store.search("course", { vector: axis(0), text: "циклах", courseId: COURSE_A, limit: 10 });
      expect(hits.map((h) => h.payload.documentId)).toEqual(["doc-a2"]);
      await store.deleteEntry("faq", "faq-global");
      expect(await store.count("faq")).toBe(2);
    });
  });
}
