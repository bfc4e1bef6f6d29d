-- AlterTable
ALTER TABLE "Draft" ADD COLUMN     "name" TEXT;

-- AlterTable
ALTER TABLE "DraftMaterial" ADD COLUMN     "displayName" TEXT;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "title" TEXT;

-- AlterTable
ALTER TABLE "OrderFile" ADD COLUMN     "label" TEXT;
