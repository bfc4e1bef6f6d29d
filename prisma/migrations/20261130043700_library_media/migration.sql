-- AlterTable
ALTER TABLE "OrderFile" ADD COLUMN "durationUs" BIGINT;

-- AlterTable
ALTER TABLE "Upload" ADD COLUMN "durationUs" BIGINT;
ALTER TABLE "Upload" ADD COLUMN "source" TEXT;

-- CreateIndex
CREATE INDEX "Upload_teamId_createdAt_idx" ON "Upload"("teamId", "createdAt");
