-- AlterTable
ALTER TABLE "UnansweredQuestion" ADD COLUMN     "embedding" DOUBLE PRECISION[],
ADD COLUMN     "embeddingKey" TEXT;

