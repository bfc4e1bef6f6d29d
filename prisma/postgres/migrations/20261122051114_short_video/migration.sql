-- CreateTable
CREATE TABLE "ShortVideoParse" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "link" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "title" TEXT,
    "author" TEXT,
    "cover" TEXT,
    "videoUrl" TEXT,
    "musicUrl" TEXT,
    "images" TEXT,
    "headers" TEXT,
    "cost" INTEGER NOT NULL,
    "videoUploadId" TEXT,
    "audioUploadId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShortVideoParse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ShortVideoParse_teamId_createdAt_idx" ON "ShortVideoParse"("teamId", "createdAt");

-- AddForeignKey
ALTER TABLE "ShortVideoParse" ADD CONSTRAINT "ShortVideoParse_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShortVideoParse" ADD CONSTRAINT "ShortVideoParse_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
