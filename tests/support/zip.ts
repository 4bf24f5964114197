import { pipeline } from "node:stream/promises";
import { crc32, createDeflateRaw, deflateRawSync } from "node:zlib";

/** A ZIP entry with its content already deflated; `declaredSize` is what the archive claims it inflates to. */
export type ZipEntry = { name: string; compressed: Buffer; crc: number; size: number; declaredSize?: number };

export function deflated(name: string, content: string | Buffer): ZipEntry {
  const data = Buffer.from(content);
  return { name, compressed: deflateRawSync(data), crc: crc32(data), size: data.length };
}

/** Deflates `size` zero bytes a megabyte at a time, so that a bomb of hundreds of MB never sits in memory. */
export async function deflatedZeros(name: string, size: number): Promise<ZipEntry> {
  const chunk = Buffer.alloc(1024 * 1024);
  let crc = 0;
  const parts: Buffer[] = [];
  await pipeline(
    function* zeros() {
      for (let written = 0; written < size; written += chunk.length) {
        const piece = chunk.subarray(0, Math.min(chunk.length, size - written));
        crc = crc32(piece, crc);
        yield piece;
      }
    },
    createDeflateRaw({ level: 9 }),
    async (compressed: AsyncIterable<Buffer>) => {
      for await (const part of compressed) parts.push(part);
    },
  );
  return { name, compressed: Buffer.concat(parts), crc, size };
}

/** Writes a ZIP archive by hand, so that tests can build archives that lie about their sizes. */
export function zipArchive(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const size = entry.declaredSize ?? entry.size;
    // Bit 11: the name is UTF-8; method 8: deflate.
    const common = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at);
      header.writeUInt16LE(0x0800, at + 2);
      header.writeUInt16LE(8, at + 4);
      header.writeUInt32LE(0, at + 6);
      header.writeUInt32LE(entry.crc >>> 0, at + 10);
      header.writeUInt32LE(entry.compressed.length, at + 14);
      header.writeUInt32LE(size, at + 18);
      header.writeUInt16LE(name.length, at + 22);
      header.writeUInt16LE(0, at + 24);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    common(central, 6);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.compressed);
    centrals.push(central, name);
    offset += local.length + name.length + entry.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A paragraph of a DOCX body; `style` is a built-in style id such as "Heading1". */
export type DocxParagraph = { text: string; style?: string };

/** The parts of a minimal Word document: content types, the package relationship and the body. */
export function docxEntries(paragraphs: DocxParagraph[]): ZipEntry[] {
  const body = paragraphs
    .map(({ text, style }) => {
      const properties = style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : "";
      return `<w:p>${properties}<w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
    })
    .join("");
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  return [deflated("[Content_Types].xml", CONTENT_TYPES), deflated("_rels/.rels", ROOT_RELS), deflated("word/document.xml", document)];
}
