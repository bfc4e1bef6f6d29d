-- CreateTable
CREATE TABLE "Upstream" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "keyCipher" TEXT NOT NULL,
    "keyHint" TEXT NOT NULL,
    "model" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "outOfRotation" TEXT,
    "outOfRotationAt" DATETIME,
    "costs" TEXT NOT NULL DEFAULT '{}',
    "balance" REAL,
    "balanceAt" DATETIME,
    "lastSuccessAt" DATETIME,
    "lastErrorAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RelayTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "upstreamId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'submitting',
    "upstreamTaskId" TEXT,
    "upstreamStatus" TEXT,
    "upstreamCost" REAL,
    "reason" TEXT,
    "polls" INTEGER NOT NULL DEFAULT 0,
    "callbackToken" TEXT,
    "resultJson" TEXT,
    "submittedAt" DATETIME,
    "finishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RelayTask_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RelayTask_upstreamId_fkey" FOREIGN KEY ("upstreamId") REFERENCES "Upstream" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UpstreamCall" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "upstreamId" TEXT NOT NULL,
    "op" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "httpStatus" INTEGER,
    "latencyMs" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UpstreamCall_upstreamId_fkey" FOREIGN KEY ("upstreamId") REFERENCES "Upstream" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReconcileDrift" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "upstreamId" TEXT NOT NULL,
    "relayTaskId" TEXT,
    "orderNo" TEXT,
    "upstreamTaskId" TEXT,
    "kind" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME,
    CONSTRAINT "ReconcileDrift_upstreamId_fkey" FOREIGN KEY ("upstreamId") REFERENCES "Upstream" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Upstream_name_key" ON "Upstream"("name");

-- CreateIndex
CREATE UNIQUE INDEX "RelayTask_callbackToken_key" ON "RelayTask"("callbackToken");

-- CreateIndex
CREATE INDEX "RelayTask_upstreamId_state_idx" ON "RelayTask"("upstreamId", "state");

-- CreateIndex
CREATE INDEX "RelayTask_upstreamTaskId_idx" ON "RelayTask"("upstreamTaskId");

-- CreateIndex
CREATE UNIQUE INDEX "RelayTask_orderId_upstreamId_key" ON "RelayTask"("orderId", "upstreamId");

-- CreateIndex
CREATE INDEX "UpstreamCall_upstreamId_createdAt_idx" ON "UpstreamCall"("upstreamId", "createdAt");

-- CreateIndex
CREATE INDEX "ReconcileDrift_upstreamId_createdAt_idx" ON "ReconcileDrift"("upstreamId", "createdAt");

-- CreateIndex
CREATE INDEX "ReconcileDrift_resolvedAt_idx" ON "ReconcileDrift"("resolvedAt");
