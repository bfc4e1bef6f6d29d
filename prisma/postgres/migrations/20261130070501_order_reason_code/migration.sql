-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "reasonCode" TEXT,
ADD COLUMN     "reasonParams" TEXT;
