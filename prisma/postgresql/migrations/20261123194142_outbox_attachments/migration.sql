-- AlterTable
ALTER TABLE "outbox" ADD COLUMN     "attachments" TEXT NOT NULL DEFAULT '[]';
