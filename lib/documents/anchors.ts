/**
 * The id of a heading in the document viewer. Citations link to `#anchor` of the cited section's
 * own heading, so both sides must derive it the same way: lower case, letters and digits of any
 * script kept, everything else collapsed to single dashes.
 */
export function headingAnchor(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-|-$/g, "");
}
