type Level = "info" | "warn" | "error";

/** One JSON object per line on stdout, so container log collectors can parse it. */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
}
