-- CreateTable
CREATE TABLE "MusicTask" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "model" TEXT NOT NULL,
    "param" TEXT NOT NULL,
    "callBackUrl" TEXT,
    "title" TEXT,
    "continueAt" DOUBLE PRECISION,
    "musicStatus" TEXT NOT NULL DEFAULT 'PENDING',
    "errorCode" INTEGER,
    "errorMessage" TEXT,
    "stagedInput" TEXT,
    "results" TEXT NOT NULL DEFAULT '[]',
    "upstreamTaskId" TEXT,
    "upstreamStatus" TEXT,
    "upstreamCost" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MusicTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamWebhook" (
    "teamId" TEXT NOT NULL,
    "url" TEXT,
    "events" TEXT NOT NULL DEFAULT '[]',
    "secretCipher" TEXT NOT NULL,
    "secretHint" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TeamWebhook_pkey" PRIMARY KEY ("teamId")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
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
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
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

-- AddForeignKey
ALTER TABLE "MusicTask" ADD CONSTRAINT "MusicTask_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MusicTask" ADD CONSTRAINT "MusicTask_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamWebhook" ADD CONSTRAINT "TeamWebhook_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;
