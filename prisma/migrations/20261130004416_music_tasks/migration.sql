-- CreateTable
CREATE TABLE "MusicTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "model" TEXT NOT NULL,
    "param" TEXT NOT NULL,
    "callBackUrl" TEXT,
    "title" TEXT,
    "continueAt" REAL,
    "musicStatus" TEXT NOT NULL DEFAULT 'PENDING',
    "errorCode" INTEGER,
    "errorMessage" TEXT,
    "stagedInput" TEXT,
    "results" TEXT NOT NULL DEFAULT '[]',
    "upstreamTaskId" TEXT,
    "upstreamStatus" TEXT,
    "upstreamCost" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MusicTask_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MusicTask_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TeamWebhook" (
    "teamId" TEXT NOT NULL PRIMARY KEY,
    "url" TEXT,
    "events" TEXT NOT NULL DEFAULT '[]',
    "secretCipher" TEXT NOT NULL,
    "secretHint" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TeamWebhook_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "orderId" TEXT,
    "kind" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "responseStatus" INTEGER,
    "error" TEXT,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" DATETIME,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "WebhookDelivery_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WebhookDelivery_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedById" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "MusicTask_orderId_key" ON "MusicTask"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "MusicTask_taskId_key" ON "MusicTask"("taskId");

-- CreateIndex
CREATE INDEX "MusicTask_teamId_createdAt_idx" ON "MusicTask"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "MusicTask_apiKeyId_idx" ON "MusicTask"("apiKeyId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_orderId_idx" ON "WebhookDelivery"("orderId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_teamId_kind_createdAt_idx" ON "WebhookDelivery"("teamId", "kind", "createdAt");
