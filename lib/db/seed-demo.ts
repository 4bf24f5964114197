import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Config } from "@/lib/config/load";
import { fileTypeOf } from "@/lib/documents/file-types";
import { registerDocument } from "@/lib/documents/register-document";
import { sha256, storeCourseFile } from "@/lib/documents/storage";
import type { PrismaClient } from "@/lib/generated/prisma/client";

const DEMO_DIR = path.resolve(import.meta.dirname, "../../demo");

const qaList = z.array(z.object({ question: z.string().min(1), answer: z.string().min(1) }));
const demoCourseSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  description: z.string(),
  language: z.enum(["ru", "en"]),
  materials: z.array(z.object({ file: z.string().min(1), title: z.string().min(1) })),
  faq: qaList,
  /** Organisational answers apply to every course, so they are seeded without one. */
  organization: qaList,
});

export type SeedSummary = { courseId: string; slug: string; documentsCreated: number; entriesCreated: number };

/**
 * Seeds the demo course from demo/course.json. Idempotent: what exists is left as it is
 * (an admin may have edited it), only what is missing is added. New materials are queued
 * for ingestion like any upload.
 */
export async function seedDemoCourse(db: PrismaClient, config: Config, demoDir = DEMO_DIR): Promise<SeedSummary> {
  const demo = demoCourseSchema.parse(JSON.parse(await readFile(path.join(demoDir, "course.json"), "utf8")));
  const course = await db.course.upsert({
    where: { slug: demo.slug },
    update: {},
    // The demo is there to be tried: students see it at once.
    create: { slug: demo.slug, title: demo.title, description: demo.description, language: demo.language, publishedAt: new Date() },
  });

  let documentsCreated = 0;
  for (const material of demo.materials) {
    const bytes = await readFile(path.join(demoDir, material.file));
    const fileName = path.basename(material.file);
    if (!fileTypeOf(fileName)) throw new Error(`Demo material ${fileName} has an unsupported extension`);
    const checksum = sha256(bytes);
    const storagePath = await storeCourseFile(config.paths.uploads, course.id, checksum, path.extname(fileName), bytes);
    const { created } = await registerDocument(db, {
      courseId: course.id,
      fileName,
      title: material.title,
      sizeBytes: bytes.byteLength,
      checksum,
      storagePath,
    });
    if (created) documentsCreated++;
  }

  const entries = [
    ...demo.faq.map((e) => ({ ...e, kind: "FAQ" as const, courseId: course.id })),
    ...demo.organization.map((e) => ({ ...e, kind: "ORGANIZATION" as const, courseId: null })),
  ];
  let entriesCreated = 0;
  for (const entry of entries) {
    const existing = await db.qaEntry.findFirst({
      where: { kind: entry.kind, courseId: entry.courseId, question: entry.question },
    });
    if (existing) continue;
    await db.qaEntry.create({ data: entry });
    entriesCreated++;
  }
  return { courseId: course.id, slug: course.slug, documentsCreated, entriesCreated };
}
