-- CreateEnum
CREATE TYPE "SearchMode" AS ENUM ('HYBRID', 'LEXICAL');

-- CreateEnum
CREATE TYPE "IngestionKind" AS ENUM ('INDEX', 'VECTORS');

-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "denseFloorOverride" DOUBLE PRECISION,
ADD COLUMN     "lexicalFloorOverride" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "vectorKey" TEXT;

-- AlterTable
ALTER TABLE "IngestionJob" ADD COLUMN     "kind" "IngestionKind" NOT NULL DEFAULT 'INDEX';

-- AlterTable
ALTER TABLE "QaEntry" ADD COLUMN     "vectorKey" TEXT;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "searchMode" "SearchMode";

-- CreateTable
CREATE TABLE "RelevanceFloor" (
    "courseId" TEXT NOT NULL,
    "space" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "probeCount" INTEGER NOT NULL,
    "materialsStamp" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RelevanceFloor_pkey" PRIMARY KEY ("courseId","space")
);

-- AddForeignKey
ALTER TABLE "RelevanceFloor" ADD CONSTRAINT "RelevanceFloor_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The index moved to a lexical passage collection plus one dense collection per embedding model:
-- what was indexed before is indexed again into the new layout (documents by a new job each,
-- FAQ and organisational entries by the worker's pass over entries with no indexedAt).
INSERT INTO "IngestionJob" ("id", "documentId", "kind", "status", "stage", "progress", "attempts", "createdAt", "updatedAt")
SELECT gen_random_uuid()::text, d."id", 'INDEX', 'QUEUED', 'QUEUED', 0, 0, now(), now()
FROM "Document" d
WHERE d."status" = 'READY';
UPDATE "Document" SET "status" = 'QUEUED' WHERE "status" = 'READY';
UPDATE "QaEntry" SET "indexedAt" = NULL;
