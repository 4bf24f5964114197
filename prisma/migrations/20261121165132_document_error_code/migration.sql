-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "errorCode" TEXT;

