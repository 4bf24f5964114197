import type { DocumentType } from "@/lib/generated/prisma/enums";

/** File extensions the knowledge base accepts, with their document type and MIME type. */
export const SUPPORTED_FILE_TYPES: Record<string, { type: DocumentType; mimeType: string }> = {
  ".pdf": { type: "PDF", mimeType: "application/pdf" },
  ".docx": { type: "DOCX", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  ".md": { type: "MARKDOWN", mimeType: "text/markdown" },
  ".markdown": { type: "MARKDOWN", mimeType: "text/markdown" },
  ".html": { type: "HTML", mimeType: "text/html" },
  ".htm": { type: "HTML", mimeType: "text/html" },
  ".txt": { type: "TEXT", mimeType: "text/plain" },
};

export function fileTypeOf(fileName: string) {
  const dot = fileName.lastIndexOf(".");
  return dot === -1 ? undefined : SUPPORTED_FILE_TYPES[fileName.slice(dot).toLowerCase()];
}
