import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileTypeOf } from "@/lib/documents/file-types";
import { sha256, storeCourseFile } from "@/lib/documents/storage";
import type { IngestDeps } from "@/lib/rag/ingest/ingest-document";
import { startIngestionWorker } from "@/lib/rag/ingest/worker";
import { calibrateCourse } from "@/lib/rag/calibration/calibrate";
import { indexQaEntry } from "@/lib/rag/qa-index";
import { waitForVectors } from "./ingestion";

const DEMO_DIR = path.resolve(import.meta.dirname, "../../demo");

type DemoCourse = { materials: { file: string; title: string }[]; faq: QA[]; organization: QA[] };
type QA = { question: string; answer: string };

/**
 * A course with the demo materials and FAQ, indexed for real (parser, sidecar, vector store) and
 * calibrated, under its own slug, so tests and benchmarks do not depend on the seeded demo course.
 */
export async function indexedDemoCourse(deps: IngestDeps, slug: string) {
  const { db, config } = deps;
  const demo = JSON.parse(await readFile(path.join(DEMO_DIR, "course.json"), "utf8")) as DemoCourse;
  const course = await db.course.create({ data: { slug, title: "Основы программирования на Python", publishedAt: new Date() } });
  const documents: Record<string, string> = {};
  for (const material of demo.materials) {
    const bytes = await readFile(path.join(DEMO_DIR, material.file));
    const fileName = path.basename(material.file);
    const checksum = sha256(bytes);
    const storagePath = await storeCourseFile(config.paths.uploads, course.id, checksum, path.extname(fileName), bytes);
    const document = await db.document.create({
      data: { courseId: course.id, fileName, title: material.title, ...fileTypeOf(fileName)!, sizeBytes: bytes.byteLength, checksum, storagePath, jobs: { create: {} } },
    });
    documents[fileName] = document.id;
  }
  const worker = startIngestionWorker(deps, { pollMs: 50, log: () => {} });
  try {
    for (const entry of [...demo.faq.map((e) => ({ ...e, kind: "FAQ" as const })), ...demo.organization.map((e) => ({ ...e, kind: "ORGANIZATION" as const }))]) {
      const created = await db.qaEntry.create({ data: { ...entry, courseId: course.id } });
      await indexQaEntry(deps, created.id);
    }
    const deadline = Date.now() + 120_000;
    while ((await db.document.count({ where: { courseId: course.id, status: "READY" } })) < demo.materials.length) {
      if (Date.now() > deadline) throw new Error("the demo materials were not indexed in time");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await waitForVectors(deps, Object.values(documents), 120_000);
  } finally {
    await worker.stop();
  }
  await calibrateCourse(deps, course.id);
  return { courseId: course.id, slug, documents };
}
