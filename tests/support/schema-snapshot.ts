import { query } from "./databases";

/**
 * A comparable description of a database's public schema: tables and columns (type, nullability,
 * default), constraints, indexes and enums. Prisma's bookkeeping table is left out.
 */
export async function schemaSnapshot(url: string): Promise<Record<string, string[]>> {
  const [columns, constraints, indexes, enums] = await Promise.all([
    query<{ line: string }>(
      url,
      `SELECT format('%s.%s %s %s default=%s', table_name, column_name,
                     CASE WHEN data_type = 'USER-DEFINED' OR data_type = 'ARRAY' THEN udt_name ELSE data_type END,
                     CASE WHEN is_nullable = 'YES' THEN 'null' ELSE 'not null' END,
                     coalesce(column_default, '-')) AS line
       FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    ),
    query<{ line: string }>(
      url,
      `SELECT format('%s %s %s', rel.relname, con.conname, pg_get_constraintdef(con.oid)) AS line
       FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
       WHERE ns.nspname = 'public' AND rel.relname <> '_prisma_migrations'`,
    ),
    query<{ line: string }>(
      url,
      `SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    ),
    query<{ line: string }>(
      url,
      `SELECT format('%s: %s', t.typname, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder)) AS line
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace ns ON ns.oid = t.typnamespace
       WHERE ns.nspname = 'public' GROUP BY t.typname`,
    ),
  ]);
  const sorted = (rows: { line: string }[]) => rows.map((row) => row.line).sort();
  return { columns: sorted(columns), constraints: sorted(constraints), indexes: sorted(indexes), enums: sorted(enums) };
}

/** Lines present in one snapshot and not the other, prefixed with + (only in b) or - (only in a). */
export function snapshotDifferences(a: Record<string, string[]>, b: Record<string, string[]>): string[] {
  return Object.keys({ ...a, ...b }).flatMap((section) => {
    const left = new Set(a[section] ?? []);
    const right = new Set(b[section] ?? []);
    return [
      ...[...left].filter((line) => !right.has(line)).map((line) => `- ${section}: ${line}`),
      ...[...right].filter((line) => !left.has(line)).map((line) => `+ ${section}: ${line}`),
    ];
  });
}
