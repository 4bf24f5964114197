import { createHash } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { importQaCsv } from "@/lib/admin/qa-csv";
import { createQaEntry, deleteQaEntry } from "@/lib/admin/qa-entries";
import type { StaffIdentity } from "@/lib/auth/staff";
import { parseConfig } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import type { EmbedTexts } from "@/lib/embeddings/embed-texts";
import { indexQaEntry } from "@/lib/rag/qa-index";
import { retrieve } from "@/lib/rag/retrieve";
import { ragServicesOf, type RagServices } from "@/lib/rag/services";
import { LanceDbStore } from "@/lib/vector/lancedb";
import type { CollectionKind, Passage, VectorSpace, VectorStore } from "@/lib/vector/types";
import { statusOf } from "../../support/http-errors";

// Issue 14, finding 8: no FAQ point outlives its entry where retrieval would serve it. Real
// PostgreSQL and LanceDB; the embedder is a word-hashing stand-in, enough to give every entry
// vectors in a space that the store must clean up too.
const db = createPrismaClient(inject("databaseUrl"));
const DIMENSION = 32;

const embed: EmbedTexts = async (texts) =>
  texts.map((text) => {
    const vector = new Array<number>(DIMENSION).fill(0.01);
    for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
      vector[createHash("sha256").update(word).digest()[0] % DIMENSION] += 1;
    }
    const norm = Math.hypot(...vector);
    return vector.map((x) => x / norm);
  });

let store: LanceDbStore;
let deps: RagServices;
let space: VectorSpace;
let staff: StaffIdentity;
let courseId: string;

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "faq-vectors-"));
  const config = parseConfig({ DATA_DIR: dataDir });
  store = await LanceDbStore.open(config.paths.lancedb);
  deps = ragServicesOf(config, db, store, embed);
  space = (await deps.spaces.current())!;
  const admin = await db.user.create({ data: { email: `faq-vectors-${Date.now()}@example.test`, role: "ADMIN" } });
  staff = { role: "ADMIN", userId: admin.id, email: admin.email!, name: null, courseIds: [] };
  courseId = (await db.course.create({ data: { slug: `faq-vectors-${Date.now()}`, title: "FAQ vectors" } })).id;
});

afterAll(async () => {
  await store?.close();
  await db.$disconnect();
});

const points = async (entryId: string) => [await store.count("faq", { entryId }), await store.count("faq", { entryId }, space)];
const faqHits = async (query: string, course = courseId) => (await retrieve(deps, { courseId: course, query, k: 5 })).passages.filter((p) => p.source === "faq");

/** The store, except that writing passages to one collection fails, as when it goes away mid-import. */
function failingOn(collection: CollectionKind): VectorStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === "upsertPassages") {
        return (c: CollectionKind, passages: Passage[]) => (c === collection ? Promise.reject(new Error("store went away")) : target.upsertPassages(c, passages));
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("FAQ points and their entries", () => {
  it("deleting an entry removes its passage and its vectors from the store", async () => {
    const entry = await createQaEntry(deps, staff, { kind: "FAQ", courseId, question: "Где проходит консультация?", answer: "В аудитории 214." });
    expect(await points(entry.id)).toEqual([1, 1]);
    await deleteQaEntry(deps, staff, entry.id);
    expect(await points(entry.id)).toEqual([0, 0]);
    expect(await faqHits("Где проходит консультация?")).toEqual([]);
  });

  it("a point whose entry is gone from PostgreSQL never answers, though the store still has it", async () => {
    const entry = await db.qaEntry.create({ data: { kind: "FAQ", courseId, question: "Можно ли пересдать зачёт?", answer: "Да, один раз." } });
    await indexQaEntry(deps, entry.id);
    expect((await faqHits("Можно ли пересдать зачёт?")).map((p) => p.entryId)).toEqual([entry.id]);
    // As after a course delete (the rows cascade) or a delete whose store call was lost.
    await db.qaEntry.delete({ where: { id: entry.id } });
    expect(await points(entry.id)).toEqual([1, 1]);
    expect(await faqHits("Можно ли пересдать зачёт?")).toEqual([]);
  });

  it("a CSV import that fails half-way leaves no point of the entries it created, and the old text of those it changed", async () => {
    // A course of its own: the stale point of the test above stays in the other one.
    const courseId = (await db.course.create({ data: { slug: `faq-import-${Date.now()}`, title: "FAQ import" } })).id;
    const kept = await createQaEntry(deps, staff, { kind: "FAQ", courseId, question: "Когда экзамен?", answer: "Экзамен 20 января." });
    const csv = [
      "kind,question,answer",
      "FAQ,Когда экзамен?,Экзамен 27 января.",
      "FAQ,Сколько длится экзамен?,Два часа.",
      "FAQ,Нужен ли калькулятор?,Нет.",
      "ORGANIZATION,Где деканат?,Корпус 2.",
    ].join("\n");
    const failing = { ...deps, store: failingOn("org") };
    expect(await statusOf(importQaCsv(failing, staff, courseId, csv))).toBe(503);

    expect(await db.qaEntry.findMany({ where: { courseId }, select: { id: true, answer: true } })).toEqual([{ id: kept.id, answer: "Экзамен 20 января." }]);
    expect(await store.count("faq", { courseId })).toBe(1);
    expect(await store.count("faq", { courseId }, space)).toBe(1);
    expect(await store.count("org", { courseId })).toBe(0);
    const hits = await faqHits("Когда экзамен?", courseId);
    expect(hits.map((p) => [p.entryId, p.text])).toEqual([[kept.id, "Когда экзамен?\nЭкзамен 20 января."]]);
  });
});
