// The font is not embedded, so text extraction relies on glyph names alone: bytes 0xC0–0xFF (and
// 0xA8, 0xB8 for Ё, ё) are mapped, as in Windows-1251, to the Adobe Glyph List's Cyrillic names,
// which PDF readers (pdf.js too) turn back into Unicode.
const CYRILLIC_UPPER_A = 0x410;
/** А–Я then а–я; the list numbers Ё (10023) and ё (10071) in alphabet order, between Е and Ж. */
const afiiNumber = (letter: number) => (letter < 32 ? 10017 : 10065 - 32) + letter + (letter % 32 >= 6 ? 1 : 0);
const CYRILLIC_ENCODING =
  "<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [168 /afii10023 184 /afii10071 192 " +
  Array.from({ length: 64 }, (_, i) => `/afii${afiiNumber(i)}`).join(" ") +
  "] >>";

function encodeText(line: string): string {
  return [...line]
    .map((char) => {
      const code = char.codePointAt(0)!;
      if (code >= CYRILLIC_UPPER_A && code < CYRILLIC_UPPER_A + 64) return String.fromCharCode(0xc0 + code - CYRILLIC_UPPER_A);
      if (char === "Ё") return "\xa8";
      if (char === "ё") return "\xb8";
      if (code > 0x7e) throw new Error(`minimalPdf cannot write ${JSON.stringify(char)}: only ASCII and Russian letters`);
      return char;
    })
    .join("");
}

/**
 * Builds a small, valid PDF by hand: one Helvetica text line after another on each page. An empty
 * page list entry gives a page without any text. Text may be ASCII and Russian letters; the font
 * is not embedded, so Russian text extracts correctly but does not render.
 */
export function minimalPdf(pages: string[][]): Buffer {
  const objects: string[] = [];
  const pageIds = pages.map((_, index) => 4 + index * 2);
  objects[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`;
  objects[3] = `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding ${CYRILLIC_ENCODING} >>`;
  pages.forEach((lines, index) => {
    const escaped = lines.map((line) => `(${encodeText(line).replace(/[\\()]/g, (char) => `\\${char}`)}) Tj 0 -16 Td`);
    const stream = lines.length > 0 ? `BT /F1 12 Tf 72 760 Td ${escaped.join(" ")} ET` : "";
    objects[pageIds[index]] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[index] + 1} 0 R >>`;
    objects[pageIds[index] + 1] = `<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`;
  });

  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(pdf, "latin1");
    pdf += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(pdf, "latin1");
  pdf += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) pdf += `${String(offsets[id]).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}
