-- AlterTable
ALTER TABLE "inbound_messages" ADD COLUMN "from_address" TEXT;

-- AlterTable
ALTER TABLE "outbox" ADD COLUMN "bounce_reason" TEXT;
ALTER TABLE "outbox" ADD COLUMN "bounced_at" DATETIME;
ALTER TABLE "outbox" ADD COLUMN "message_id" TEXT;

-- CreateTable
CREATE TABLE "undeliverable_addresses" (
    "address" TEXT NOT NULL PRIMARY KEY,
    "reason" TEXT NOT NULL,
    "first_bounced_at" DATETIME NOT NULL,
    "last_bounced_at" DATETIME NOT NULL,
    "bounces" INTEGER NOT NULL,
    "last_outbox_id" TEXT
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_attachments" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "complaint_id" TEXT,
    "inbound_message_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'file',
    "filename" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "inline" BOOLEAN NOT NULL DEFAULT false,
    "sha256" TEXT,
    "omitted_reason" TEXT,
    "ocr_text" TEXT,
    "ocr_confidence" REAL,
    "created_at" DATETIME NOT NULL,
    CONSTRAINT "attachments_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaints" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "attachments_inbound_message_id_fkey" FOREIGN KEY ("inbound_message_id") REFERENCES "inbound_messages" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "attachments_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "raw_blobs" ("sha256") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_attachments" ("complaint_id", "content_type", "created_at", "filename", "id", "inbound_message_id", "sha256", "size") SELECT "complaint_id", "content_type", "created_at", "filename", "id", "inbound_message_id", "sha256", "size" FROM "attachments";
DROP TABLE "attachments";
ALTER TABLE "new_attachments" RENAME TO "attachments";
CREATE INDEX "attachments_complaint_id_idx" ON "attachments"("complaint_id");
CREATE INDEX "attachments_inbound_message_id_idx" ON "attachments"("inbound_message_id");
CREATE INDEX "attachments_sha256_idx" ON "attachments"("sha256");
CREATE TABLE "new_complaints" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tracking_number" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "category" TEXT,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "anonymous" BOOLEAN NOT NULL,
    "confidential" BOOLEAN NOT NULL,
    "sop_id" TEXT NOT NULL,
    "current_step_id" TEXT,
    "received_at" DATETIME NOT NULL,
    "registered_at" DATETIME NOT NULL,
    "complainant_id" TEXT NOT NULL,
    "source_message_id" TEXT NOT NULL,
    "needs_transcription" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "complaints_complainant_id_fkey" FOREIGN KEY ("complainant_id") REFERENCES "complainants" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_complaints" ("anonymous", "body", "category", "channel", "complainant_id", "confidential", "current_step_id", "id", "received_at", "registered_at", "sop_id", "source_message_id", "status", "subject", "tracking_number", "type") SELECT "anonymous", "body", "category", "channel", "complainant_id", "confidential", "current_step_id", "id", "received_at", "registered_at", "sop_id", "source_message_id", "status", "subject", "tracking_number", "type" FROM "complaints";
DROP TABLE "complaints";
ALTER TABLE "new_complaints" RENAME TO "complaints";
CREATE UNIQUE INDEX "complaints_tracking_number_key" ON "complaints"("tracking_number");
CREATE INDEX "complaints_status_idx" ON "complaints"("status");
CREATE INDEX "complaints_complainant_id_idx" ON "complaints"("complainant_id");
CREATE INDEX "complaints_source_message_id_idx" ON "complaints"("source_message_id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "outbox_message_id_idx" ON "outbox"("message_id");

-- CreateIndex
CREATE INDEX "outbox_to_created_at_idx" ON "outbox"("to", "created_at");
