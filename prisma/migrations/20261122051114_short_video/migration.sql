-- CreateTable
CREATE TABLE "ShortVideoParse" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ShortVideoParse_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ShortVideoParse_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ShortVideoParse_teamId_createdAt_idx" ON "ShortVideoParse"("teamId", "createdAt");
