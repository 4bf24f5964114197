import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseConfig } from "@/lib/config/load";
import { createPrismaClient } from "@/lib/db/client";
import { seedDemoCourse } from "@/lib/db/seed-demo";
import { sha256 } from "@/lib/documents/storage";

const db = createPrismaClient(inject("databaseUrl"));
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "seed-"));
});
afterAll(() => db.$disconnect());

describe("seedDemoCourse", () => {
  it("creates the demo course with queued materials, FAQ and organisational entries, once", async () => {
    const config = parseConfig({ DATA_DIR: dataDir });
    const first = await seedDemoCourse(db, config);
    expect(first).toMatchObject({ slug: "python-basics", documentsCreated: 2, entriesCreated: 5 });

    const course = await db.course.findUniqueOrThrow({
      where: { slug: "python-basics" },
      include: { documents: { include: { jobs: true }, orderBy: { fileName: "asc" } }, qaEntries: true },
    });
    expect(course.language).toBe("ru");
    expect(course.publishedAt).not.toBeNull();
    expect(course.documents.map((d) => [d.fileName, d.type, d.status, d.jobs.length, d.jobs[0].status])).toEqual([
      ["01-syllabus.md", "MARKDOWN", "QUEUED", 1, "QUEUED"],
      ["02-variables-and-types.md", "MARKDOWN", "QUEUED", 1, "QUEUED"],
    ]);
    for (const document of course.documents) {
      expect(path.dirname(document.storagePath)).toBe(path.join(dataDir, "uploads", course.id));
      const bytes = await readFile(document.storagePath);
      expect(sha256(bytes)).toBe(document.checksum);
      expect(bytes.byteLength).toBe(document.sizeBytes);
    }
    expect(course.qaEntries.filter((e) => e.kind === "FAQ")).toHaveLength(3);
    // Entries staff created in other tests share this database; seeded ones have no author.
    const organisational = await db.qaEntry.findMany({ where: { kind: "ORGANIZATION", createdById: null } });
    expect(organisational.map((e) => e.courseId)).toEqual([null, null]);

    const second = await seedDemoCourse(db, config);
    expect(second).toEqual({ ...first, documentsCreated: 0, entriesCreated: 0 });
    expect(await db.document.count({ where: { courseId: course.id } })).toBe(2);
    expect(await db.ingestionJob.count({ where: { document: { courseId: course.id } } })).toBe(2);
    expect(await db.qaEntry.count({ where: { OR: [{ courseId: course.id }, { kind: "ORGANIZATION", createdById: null }] } })).toBe(5);
    expect(existsSync(path.join(dataDir, "uploads", course.id))).toBe(true);
  });
});
