-- AlterTable
ALTER TABLE "complaints" ADD COLUMN "opd_unit_code" TEXT;

-- CreateTable
CREATE TABLE "reply_tokens" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "task_id" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "outbox_id" TEXT,
    "issued_at" DATETIME NOT NULL,
    "expires_at" DATETIME NOT NULL,
    "used_at" DATETIME,
    "used_by_inbound_id" TEXT,
    CONSTRAINT "reply_tokens_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "reply_tokens_task_id_idx" ON "reply_tokens"("task_id");
