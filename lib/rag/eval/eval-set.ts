import { z } from "zod";

/** One line of an eval set, as written by hand (snake_case, like the JSONL convention of eval sets). */
const text = () =>
  z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") }).trim().min(1, "must not be empty");

const lineSchema = z
  .strictObject({
    question: text(),
    /** The course's slug. */
    course: text(),
    /** The document's file name or title; null for an off-topic question, which should get no passage at all. */
    expected_document: text().nullable(),
    /** A page number, or a fragment of the section heading path; null when any passage of the document will do. */
    expected_page_or_section: z
      .union([z.number().int("a page number must be a whole number").positive("a page number starts at 1"), z.string().trim().min(1, "must not be empty"), z.null()], {
        error: "must be a page number, a section heading or null",
      })
      .default(null),
  })
  .refine((line) => line.expected_document !== null || line.expected_page_or_section === null, {
    path: ["expected_page_or_section"],
    error: "must be null for an off-topic question (expected_document null)",
  });

export type EvalCase = {
  /** Line number in the file, from 1, for messages. */
  line: number;
  question: string;
  course: string;
  /** Null: the question is off-topic for the course, and the right answer is no passage (abstention). */
  expectedDocument: string | null;
  expectedPageOrSection: number | string | null;
};

export class EvalSetError extends Error {
  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.name = "EvalSetError";
  }
}

/**
 * Reads an eval set in JSON Lines, one question per line (blank lines are skipped). Every bad line
 * is reported with its number, so a hand-written file can be fixed in one go.
 */
export function parseEvalSet(text: string, source: string): EvalCase[] {
  const cases: EvalCase[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      problems.push(`${source}:${line}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    const result = lineSchema.safeParse(json);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
        problems.push(`${source}:${line}: ${field}${issue.message}`);
      }
      return;
    }
    const { question, course, expected_document, expected_page_or_section } = result.data;
    cases.push({ line, question, course, expectedDocument: expected_document, expectedPageOrSection: expected_page_or_section });
  });
  if (problems.length > 0) throw new EvalSetError([`Invalid eval set ${source}:`, ...problems.map((p) => `  - ${p}`)]);
  if (cases.length === 0) throw new EvalSetError([`Invalid eval set ${source}: it has no questions.`]);
  return cases;
}
