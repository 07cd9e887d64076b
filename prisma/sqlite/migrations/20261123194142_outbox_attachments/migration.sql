-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_outbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupe_key" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT,
    "in_reply_to" TEXT,
    "references" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "complaint_id" TEXT,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL,
    "next_attempt_at" DATETIME NOT NULL,
    "sent_at" DATETIME,
    "last_error" TEXT,
    "message_id" TEXT,
    "bounced_at" DATETIME,
    "bounce_reason" TEXT,
    "attachments" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "outbox_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaints" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_outbox" ("attempts", "bounce_reason", "bounced_at", "complaint_id", "created_at", "dedupe_key", "headers", "html", "id", "in_reply_to", "last_error", "message_id", "next_attempt_at", "references", "sent_at", "status", "subject", "text", "to") SELECT "attempts", "bounce_reason", "bounced_at", "complaint_id", "created_at", "dedupe_key", "headers", "html", "id", "in_reply_to", "last_error", "message_id", "next_attempt_at", "references", "sent_at", "status", "subject", "text", "to" FROM "outbox";
DROP TABLE "outbox";
ALTER TABLE "new_outbox" RENAME TO "outbox";
CREATE UNIQUE INDEX "outbox_dedupe_key_key" ON "outbox"("dedupe_key");
CREATE INDEX "outbox_status_next_attempt_at_idx" ON "outbox"("status", "next_attempt_at");
CREATE INDEX "outbox_complaint_id_idx" ON "outbox"("complaint_id");
CREATE INDEX "outbox_message_id_idx" ON "outbox"("message_id");
CREATE INDEX "outbox_to_created_at_idx" ON "outbox"("to", "created_at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
