/**
 * Spreadsheets run a cell that starts with one of these as a formula (`=cmd|' /C calc'!A0`), so a
 * student's question exported to CSV could run code on the admin's computer (OWASP "CSV
 * injection"). A leading quote makes the spreadsheet show the cell as text.
 */
const NEEDS_QUOTE = /^'*[=+\-@\t\r]/;
/** A cell escapeCsvCell quoted: a quote before what NEEDS_QUOTE matches. */
const QUOTED = /^'+[=+\-@\t\r]/;

/**
 * A value as a CSV cell that no spreadsheet evaluates. A value that already starts with quotes
 * before a formula character gets one more too, so that importing the file back (restoreCsvCell)
 * returns every value exactly as it was.
 */
export function escapeCsvCell(value: string): string {
  return NEEDS_QUOTE.test(value) ? `'${value}` : value;
}

/**
 * The value escapeCsvCell was given: one leading quote is dropped, only where the export adds one.
 * A cell written as `=A1` is imported as that text: the app never evaluates what it stores, and
 * its next export quotes it again.
 */
export function restoreCsvCell(cell: string): string {
  return QUOTED.test(cell) ? cell.slice(1) : cell;
}
