import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LanceDbStore } from "@/lib/vector/lancedb";
import { vectorStoreContract } from "./contract";

vectorStoreContract("lancedb", async () => {
  const directory = await mkdtemp(path.join(tmpdir(), "lancedb-"));
  return [await LanceDbStore.open(directory), await LanceDbStore.open(directory)];
});

describe("LanceDB layout", () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), "lancedb-layout-"));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it("keeps passages in passages_<kind> and a space's vectors in vectors_<key>_<kind>", async () => {
    const store = await LanceDbStore.open(directory);
    await store.ensurePassages();
    await store.ensureSpace({ key: "Ab-9_x", dimension: 4 });
    const db = await lancedb.connect(directory);
    expect((await db.tableNames()).sort()).toEqual(
      ["passages_course", "passages_faq", "passages_org", "vectors_Ab-9_x_course", "vectors_Ab-9_x_faq", "vectors_Ab-9_x_org"].sort(),
    );
    const passages = await db.openTable("passages_course");
    expect((await passages.schema()).fields.map((field) => field.name)).not.toContain("vector");
    const indexed = (await passages.listIndices()).map((index) => [index.columns[0], index.indexType]);
    expect(indexed).toEqual(expect.arrayContaining([["terms", "FTS"], ["course_id", "Bitmap"], ["document_id", "BTree"], ["entry_id", "BTree"]]));
    db.close();
    await store.close();
  });

  it("drops the previous layout's tables, which kept passages and vectors together, and nothing else", async () => {
    const db = await lancedb.connect(directory);
    for (const name of ["course", "faq", "org", "course_notes"]) {
      await db.createTable(name, [{ id: "p", vector: [1, 0], text: "Лекция о циклах" }]);
    }
    const store = await LanceDbStore.open(directory);
    await store.ensurePassages();
    expect((await db.tableNames()).sort()).toEqual(["course_notes", "passages_course", "passages_faq", "passages_org"]);
    // A second run, as every start of the app makes, finds nothing left to drop.
    await store.ensurePassages();
    db.close();
    await store.close();
  });
});
