import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { EmbedTexts } from "@/lib/embeddings/embed-texts";
import { COLLECTIONS, type VectorSpace, type VectorStore } from "@/lib/vector/types";
import { forgetFloors, LEXICAL_SPACE } from "./floors";
import { percentileOf } from "./percentile";
import { probeVectors } from "./probe-vectors";
import { OFF_TOPIC_PROBES } from "./probes";
import { materialsStamp } from "./stamp";
import { passageShare, questionTerms } from "../term-share";

/** Lexical hits looked at per probe: as deep as a retrieval looks (RETRIEVAL_TOP_K's default × 4). */
const CANDIDATES = 24;

export type CalibrationDeps = {
  db: PrismaClient;
  store: VectorStore;
  embed: EmbedTexts;
  spaces: { current: () => Promise<VectorSpace | null> };
  config: { RELEVANCE_FLOOR_PERCENTILE: number };
};

export type Calibration = { lexical: number; dense: { space: string; value: number } | null };

/** Each probe's best score anywhere in the course (its materials, FAQ and organisational answers). */
async function bestScores(probes: readonly unknown[], best: (probe: number) => Promise<number>): Promise<number[]> {
  const scores: number[] = [];
  // A handful at a time: calibration runs in the worker beside ingestion and must not swamp the store.
  for (let start = 0; start < probes.length; start += 8) {
    scores.push(...(await Promise.all(probes.slice(start, start + 8).map((_, i) => best(start + i)))));
  }
  return scores;
}

async function storeFloor(db: PrismaClient, courseId: string, space: string, value: number, stamp: string): Promise<void> {
  await db.relevanceFloor.upsert({
    where: { courseId_space: { courseId, space } },
    create: { courseId, space, value, probeCount: OFF_TOPIC_PROBES.length, materialsStamp: stamp },
    update: { value, probeCount: OFF_TOPIC_PROBES.length, materialsStamp: stamp, computedAt: new Date() },
  });
}

/**
 * Sets a course's relevance floors from the null distribution of its scores: the bundled off-topic
 * probe questions are asked of the course, and the floor is the RELEVANCE_FLOOR_PERCENTILE-th
 * percentile of the best score each reaches. Encoders differ wildly in their similarity ranges
 * (a random-feature model gives unrelated texts ~0, e5 gives them ~0.8), and how many of an
 * everyday question's words a course's passages share depends on the course, so no constant could
 * do this. The lexical floor (the share of the question's words) is calibrated always; the dense one
 * (cosine similarity) for the embedder's current model, when it answers.
 */
export async function calibrateCourse(deps: CalibrationDeps, courseId: string): Promise<Calibration> {
  const percentile = deps.config.RELEVANCE_FLOOR_PERCENTILE;
  const lexicalStamp = await materialsStamp(deps.db, courseId, null);
  const lexicalScores = await bestScores(OFF_TOPIC_PROBES, async (i) => {
    const probe = OFF_TOPIC_PROBES[i];
    const lists = await Promise.all(COLLECTIONS.map((c) => deps.store.lexicalSearch(c, { text: probe, courseId, limit: CANDIDATES })));
    const terms = questionTerms(probe);
    return Math.max(0, ...lists.flatMap((hits) => hits.map((hit) => passageShare(terms, hit))));
  });
  const lexical = percentileOf(lexicalScores, percentile);
  await storeFloor(deps.db, courseId, LEXICAL_SPACE, lexical, lexicalStamp);

  let dense: Calibration["dense"] = null;
  const space = await deps.spaces.current();
  if (space) {
    const denseStamp = await materialsStamp(deps.db, courseId, space.key);
    const vectors = await probeVectors(deps.embed, space);
    const denseScores = await bestScores(vectors, async (i) => {
      const lists = await Promise.all(COLLECTIONS.map((c) => deps.store.denseSearch(c, space, { vector: vectors[i], courseId, limit: 1 })));
      return Math.max(-1, ...lists.flatMap((hits) => hits.map((hit) => hit.similarity)));
    });
    // A course with no vectors in this space yet has nothing to calibrate against.
    if (denseScores.some((score) => score > -1)) {
      dense = { space: space.key, value: percentileOf(denseScores, percentile) };
      await storeFloor(deps.db, courseId, space.key, dense.value, denseStamp);
    }
  }
  forgetFloors(courseId);
  return { lexical, dense };
}

/**
 * Calibrates every open course whose materials changed since its floors were computed (or that
 * has none for the current model); returns how many it calibrated.
 */
export async function calibrateStaleCourses(deps: CalibrationDeps): Promise<number> {
  const space = await deps.spaces.current();
  const courses = await deps.db.course.findMany({ where: { archivedAt: null }, select: { id: true, floors: true } });
  let calibrated = 0;
  for (const course of courses) {
    const stored = new Map(course.floors.map((floor) => [floor.space, floor.materialsStamp]));
    const lexicalStale = stored.get(LEXICAL_SPACE) !== (await materialsStamp(deps.db, course.id, null));
    const denseStamp = space ? await materialsStamp(deps.db, course.id, space.key) : undefined;
    const denseStale = space !== null && denseStamp !== undefined && !denseStamp.startsWith("0:") && stored.get(space.key) !== denseStamp;
    if (lexicalStale || denseStale) {
      await calibrateCourse(deps, course.id);
      calibrated++;
    }
  }
  return calibrated;
}
