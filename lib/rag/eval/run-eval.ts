import { retrieve, type RetrieveDeps, type SearchMode } from "../retrieve";
import { EvalSetError, type EvalCase } from "./eval-set";
import { ranksOf, summarize, type CaseResult, type EvalReport, type Target } from "./score";

export type EvalOptions = { k: number; modes: SearchMode[]; warn?: (line: string) => void };

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Resolves each question's course slug and expected document (file name or title) in the
 * database. A name that matches nothing is an error rather than a miss, so a typo in the eval set
 * cannot pass for a retrieval failure. Off-topic questions resolve their course only.
 */
async function resolveTargets(deps: RetrieveDeps, cases: EvalCase[], warn: (line: string) => void) {
  const slugs = [...new Set(cases.map((c) => c.course))];
  const courses = await deps.db.course.findMany({
    where: { slug: { in: slugs } },
    select: { id: true, slug: true, documents: { select: { id: true, fileName: true, title: true, status: true } } },
  });
  const bySlug = new Map(courses.map((course) => [course.slug, course]));
  const problems: string[] = [];
  const notReady = new Set<string>();
  const resolved = cases.flatMap((evalCase): { evalCase: EvalCase; courseId: string; target: Target | null }[] => {
    const course = bySlug.get(evalCase.course);
    if (!course) {
      problems.push(`line ${evalCase.line}: no course with the slug "${evalCase.course}"`);
      return [];
    }
    const expected = evalCase.expectedDocument;
    if (expected === null) return [{ evalCase, courseId: course.id, target: null }];
    const documents = course.documents.filter((d) => sameName(d.fileName, expected) || sameName(d.title, expected));
    if (documents.length === 0) {
      const known = course.documents.map((d) => `${d.fileName} ("${d.title}")`).join(", ") || "none";
      problems.push(`line ${evalCase.line}: course "${course.slug}" has no document "${expected}" (it has: ${known})`);
      return [];
    }
    for (const d of documents) if (d.status !== "READY") notReady.add(`${d.fileName} in ${course.slug} is ${d.status}`);
    const target: Target = { documentIds: new Set(documents.map((d) => d.id)), pageOrSection: evalCase.expectedPageOrSection };
    return [{ evalCase, courseId: course.id, target }];
  });
  if (problems.length > 0) throw new EvalSetError(["The eval set does not match the database:", ...problems.map((p) => `  - ${p}`)]);
  // Not an error: measuring a half-indexed course is legitimate, but its misses need explaining.
  for (const line of notReady) warn(`Warning: ${line}, so its passages cannot be retrieved.`);
  return resolved;
}

/**
 * Asks every question through retrieve(), as the chat does, once per search mode, and scores where
 * the expected passage ranks and whether off-topic questions got nothing. Relevance floors are the
 * course's own calibrated ones: the eval sets none, so it measures what students would get.
 */
export async function runEval(deps: RetrieveDeps, cases: EvalCase[], options: EvalOptions): Promise<EvalReport[]> {
  const targets = await resolveTargets(deps, cases, options.warn ?? (() => {}));
  const reports: EvalReport[] = [];
  for (const mode of options.modes) {
    const results: CaseResult[] = [];
    for (const { evalCase, courseId, target } of targets) {
      const retrieval = await retrieve(deps, { courseId, query: evalCase.question, k: options.k, mode });
      results.push({ case: evalCase, ...ranksOf(retrieval.passages, target), passages: retrieval.passages, ranMode: retrieval.mode });
    }
    reports.push(summarize(results, mode, options.k));
  }
  return reports;
}
