-- AlterTable
ALTER TABLE "Order" ADD COLUMN "reasonCode" TEXT;
ALTER TABLE "Order" ADD COLUMN "reasonParams" TEXT;
