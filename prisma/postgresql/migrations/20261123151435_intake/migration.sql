-- DropForeignKey
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_sha256_fkey";

-- AlterTable
ALTER TABLE "attachments" ADD COLUMN     "inline" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'file',
ADD COLUMN     "ocr_confidence" DOUBLE PRECISION,
ADD COLUMN     "ocr_text" TEXT,
ADD COLUMN     "omitted_reason" TEXT,
ALTER COLUMN "sha256" DROP NOT NULL;

-- AlterTable
ALTER TABLE "complaints" ADD COLUMN     "needs_transcription" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "inbound_messages" ADD COLUMN     "from_address" TEXT;

-- AlterTable
ALTER TABLE "outbox" ADD COLUMN     "bounce_reason" TEXT,
ADD COLUMN     "bounced_at" TIMESTAMP(3),
ADD COLUMN     "message_id" TEXT;

-- CreateTable
CREATE TABLE "undeliverable_addresses" (
    "address" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "first_bounced_at" TIMESTAMP(3) NOT NULL,
    "last_bounced_at" TIMESTAMP(3) NOT NULL,
    "bounces" INTEGER NOT NULL,
    "last_outbox_id" TEXT,

    CONSTRAINT "undeliverable_addresses_pkey" PRIMARY KEY ("address")
);

-- CreateIndex
CREATE INDEX "outbox_message_id_idx" ON "outbox"("message_id");

-- CreateIndex
CREATE INDEX "outbox_to_created_at_idx" ON "outbox"("to", "created_at");

-- AddForeignKey
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "raw_blobs"("sha256") ON DELETE SET NULL ON UPDATE CASCADE;
