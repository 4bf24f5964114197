import Papa from "papaparse";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { StaffIdentity } from "@/lib/auth/staff";
import type { PrismaClient, QaEntry } from "@/lib/generated/prisma/client";
import { HttpError } from "@/lib/http/errors";
import { indexQaEntries, removeQaEntry, type QaIndexDeps } from "@/lib/rag/qa-index";
import { assertCourseExists } from "./courses";
import { escapeCsvCell, restoreCsvCell } from "./csv-cells";
import { listQaEntries, qaEntryInput } from "./qa-entries";

/** Excel opens a UTF-8 CSV as UTF-8 (not the locale's code page) only when it starts with a BOM. */
const BOM = "\uFEFF";
export const MAX_IMPORT_ROWS = 2000;

const row = z.object({
  kind: z
    .string()
    .trim()
    .transform((kind) => kind.toUpperCase())
    .pipe(z.enum(["", "FAQ", "ORGANIZATION"], { error: "kind must be FAQ or ORGANIZATION" }))
    .transform((kind) => (kind === "" ? "FAQ" : kind)),
  question: qaEntryInput.shape.question,
  answer: qaEntryInput.shape.answer,
});
export type QaCsvRow = z.output<typeof row>;

const COURSE_REQUIRED = "courseId is required (a course id, or global)";

/** The query string of the CSV export and import: the course whose entries they are, or "global". */
export const qaCsvQuery = z.object({ courseId: z.string({ error: COURSE_REQUIRED }).min(1, COURSE_REQUIRED) });

/** Cells that would start a formula are quoted (see csv-cells.ts); parseQaCsv takes the quote off. */
export function entriesToCsv(entries: Pick<QaEntry, "kind" | "question" | "answer">[]): string {
  const data = entries.map((e) => [e.kind, e.question, e.answer].map(escapeCsvCell));
  return BOM + Papa.unparse({ fields: ["kind", "question", "answer"], data }, { newline: "\r\n" });
}

/** The entries of a course (or the global ones, for "global") as CSV, ready to edit in a spreadsheet and import back. */
export async function exportQaCsv(db: PrismaClient, staff: StaffIdentity, courseId: string): Promise<string> {
  return entriesToCsv(await listQaEntries(db, staff, { courseId }));
}

/**
 * Reads a CSV with a header row (kind, question, answer); every bad row is reported, by line. The
 * quote the export puts before a formula is taken off; a cell starting with `=` is stored as text.
 */
export function parseQaCsv(text: string): QaCsvRow[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (header) => header.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  const missing = ["question", "answer"].filter((column) => !fields.includes(column));
  if (missing.length > 0) throw new HttpError(400, "invalid_csv", `The CSV needs a header row with the columns kind, question, answer (missing: ${missing.join(", ")}).`);
  if (parsed.data.length === 0) throw new HttpError(400, "invalid_csv", "The CSV has no rows.");
  if (parsed.data.length > MAX_IMPORT_ROWS) throw new HttpError(413, "too_many_rows", `Import at most ${MAX_IMPORT_ROWS} rows at a time.`);
  const problems: string[] = parsed.errors.slice(0, 10).map((error) => `row ${(error.row ?? 0) + 2}: ${error.message}`);
  const rows: QaCsvRow[] = [];
  parsed.data.forEach((raw, index) => {
    const cell = (column: string) => restoreCsvCell(raw[column] ?? "");
    const result = row.safeParse({ kind: cell("kind"), question: cell("question"), answer: cell("answer") });
    if (result.success) rows.push(result.data);
    else problems.push(`row ${index + 2}: ${result.error.issues.map((issue) => `${issue.path.join(".") || "row"} ${issue.message}`).join("; ")}`);
  });
  if (problems.length > 0) throw new HttpError(400, "invalid_csv", `Nothing was imported. ${problems.slice(0, 10).join(" · ")}`);
  return rows;
}

/**
 * Imports rows into one course's entries (or the global ones): a row whose question already
 * exists updates that entry's answer, others are created. All rows are indexed together; if
 * that fails, the database is put back as it was and nothing is imported.
 */
export async function importQaCsv(deps: QaIndexDeps, staff: StaffIdentity, courseId: string | null, text: string) {
  await assertCourseExists(deps.db, staff, courseId);
  const rows = parseQaCsv(text);
  const existing = await deps.db.qaEntry.findMany({ where: { courseId } });
  const byKey = new Map(existing.map((entry) => [`${entry.kind}\u0000${entry.question.trim()}`, entry]));
  const updates = new Map<string, { before: QaEntry; answer: string }>();
  const creates: QaCsvRow[] = [];
  // A question listed twice in the file: the later row wins.
  const distinct = [...new Map(rows.map((r) => [`${r.kind}\u0000${r.question}`, r])).values()];
  for (const r of distinct) {
    const match = byKey.get(`${r.kind}\u0000${r.question}`);
    if (match && match.answer !== r.answer) updates.set(match.id, { before: match, answer: r.answer });
    else if (!match) creates.push(r);
  }

  const written = await deps.db.$transaction(async (tx) => [
    ...(await Promise.all(creates.map((r) => tx.qaEntry.create({ data: { ...r, courseId, createdById: staff.userId } })))),
    ...(await Promise.all([...updates].map(([id, u]) => tx.qaEntry.update({ where: { id }, data: { answer: u.answer } })))),
  ]);
  try {
    await indexQaEntries(deps, written);
  } catch (error) {
    console.error(`CSV import not indexed, rolled back: ${error instanceof Error ? error.message : String(error)}`);
    await rollBackImport(deps, written.slice(0, creates.length), [...updates.values()].map((u) => u.before));
    throw new HttpError(503, "index_unavailable", "The entries could not be indexed (is the vector store reachable?); nothing was imported.");
  }
  await recordAudit(deps.db, {
    actorId: staff.userId,
    action: "import",
    entityType: "qa_entry",
    entityId: courseId ?? "global",
    details: { created: creates.length, updated: updates.size },
  });
  return { created: creates.length, updated: updates.size, unchanged: distinct.length - creates.length - updates.size };
}

/**
 * Puts the database back as it was before an import whose indexing failed part way, then the index:
 * the created entries' points go and the updated entries' old text is indexed again. The store may
 * be what failed, so that part is best effort; retrieval serves no point whose entry is gone.
 */
async function rollBackImport(deps: QaIndexDeps, created: QaEntry[], updated: QaEntry[]): Promise<void> {
  await deps.db.$transaction([
    deps.db.qaEntry.deleteMany({ where: { id: { in: created.map((e) => e.id) } } }),
    ...updated.map((before) => deps.db.qaEntry.update({ where: { id: before.id }, data: { answer: before.answer } })),
  ]);
  try {
    for (const entry of created) await removeQaEntry(deps, entry.kind, entry.id);
    await indexQaEntries(deps, await deps.db.qaEntry.findMany({ where: { id: { in: updated.map((e) => e.id) } } }));
  } catch (error) {
    console.error(`Index not fully restored after a failed CSV import: ${error instanceof Error ? error.message : String(error)}`);
  }
}
