-- AlterTable
ALTER TABLE "complaints" ADD COLUMN     "opd_unit_code" TEXT;

-- CreateTable
CREATE TABLE "reply_tokens" (
    "id" TEXT NOT NULL,
    "task_id" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "outbox_id" TEXT,
    "issued_at" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "used_by_inbound_id" TEXT,

    CONSTRAINT "reply_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reply_tokens_task_id_idx" ON "reply_tokens"("task_id");

-- AddForeignKey
ALTER TABLE "reply_tokens" ADD CONSTRAINT "reply_tokens_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
