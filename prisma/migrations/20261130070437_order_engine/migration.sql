-- AlterTable
ALTER TABLE "Order" ADD COLUMN "engine" TEXT;
