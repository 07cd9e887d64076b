-- DropForeignKey
ALTER TABLE "documents" DROP CONSTRAINT "documents_complaint_id_fkey";

-- DropIndex
DROP INDEX "documents_kind_number_version_format_key";

-- AlterTable
ALTER TABLE "complaints" ADD COLUMN     "agenda_number" TEXT;

-- AlterTable
ALTER TABLE "documents" DROP COLUMN "format",
DROP COLUMN "path",
DROP COLUMN "sha256",
ADD COLUMN     "docx_sha256" TEXT NOT NULL,
ADD COLUMN     "facts" TEXT NOT NULL,
ADD COLUMN     "pdf_sha256" TEXT NOT NULL,
ADD COLUMN     "signed_at" TIMESTAMP(3),
ADD COLUMN     "signed_by" TEXT,
ADD COLUMN     "status" TEXT NOT NULL,
ADD COLUMN     "step_id" TEXT NOT NULL,
ADD COLUMN     "unit_code" TEXT NOT NULL,
ADD COLUMN     "verification_code" TEXT,
ADD COLUMN     "year" INTEGER NOT NULL,
ALTER COLUMN "complaint_id" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "documents_verification_code_key" ON "documents"("verification_code");

-- CreateIndex
CREATE INDEX "documents_pdf_sha256_idx" ON "documents"("pdf_sha256");

-- CreateIndex
CREATE UNIQUE INDEX "documents_kind_unit_code_year_number_key" ON "documents"("kind", "unit_code", "year", "number");

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
