-- CreateTable
CREATE TABLE "Upstream" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "keyCipher" TEXT NOT NULL,
    "keyHint" TEXT NOT NULL,
    "model" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "outOfRotation" TEXT,
    "outOfRotationAt" TIMESTAMP(3),
    "costs" TEXT NOT NULL DEFAULT '{}',
    "balance" DOUBLE PRECISION,
    "balanceAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "lastErrorAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Upstream_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RelayTask" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "upstreamId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'submitting',
    "upstreamTaskId" TEXT,
    "upstreamStatus" TEXT,
    "upstreamCost" DOUBLE PRECISION,
    "reason" TEXT,
    "polls" INTEGER NOT NULL DEFAULT 0,
    "callbackToken" TEXT,
    "resultJson" TEXT,
    "submittedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RelayTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UpstreamCall" (
    "id" TEXT NOT NULL,
    "upstreamId" TEXT NOT NULL,
    "op" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "httpStatus" INTEGER,
    "latencyMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UpstreamCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconcileDrift" (
    "id" TEXT NOT NULL,
    "upstreamId" TEXT NOT NULL,
    "relayTaskId" TEXT,
    "orderNo" TEXT,
    "upstreamTaskId" TEXT,
    "kind" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "ReconcileDrift_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "RelayTask" ADD CONSTRAINT "RelayTask_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RelayTask" ADD CONSTRAINT "RelayTask_upstreamId_fkey" FOREIGN KEY ("upstreamId") REFERENCES "Upstream"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpstreamCall" ADD CONSTRAINT "UpstreamCall_upstreamId_fkey" FOREIGN KEY ("upstreamId") REFERENCES "Upstream"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReconcileDrift" ADD CONSTRAINT "ReconcileDrift_upstreamId_fkey" FOREIGN KEY ("upstreamId") REFERENCES "Upstream"("id") ON DELETE CASCADE ON UPDATE CASCADE;
