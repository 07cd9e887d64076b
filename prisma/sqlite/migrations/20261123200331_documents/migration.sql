-- AlterTable
ALTER TABLE "complaints" ADD COLUMN "agenda_number" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_documents" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "complaint_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "unit_code" TEXT NOT NULL,
    "number" TEXT,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "facts" TEXT NOT NULL,
    "pdf_sha256" TEXT NOT NULL,
    "docx_sha256" TEXT NOT NULL,
    "verification_code" TEXT,
    "signed_by" TEXT,
    "signed_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    CONSTRAINT "documents_complaint_id_fkey" FOREIGN KEY ("complaint_id") REFERENCES "complaints" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_documents" ("complaint_id", "created_at", "id", "kind", "number", "version") SELECT "complaint_id", "created_at", "id", "kind", "number", "version" FROM "documents";
DROP TABLE "documents";
ALTER TABLE "new_documents" RENAME TO "documents";
CREATE UNIQUE INDEX "documents_verification_code_key" ON "documents"("verification_code");
CREATE INDEX "documents_complaint_id_idx" ON "documents"("complaint_id");
CREATE INDEX "documents_pdf_sha256_idx" ON "documents"("pdf_sha256");
CREATE UNIQUE INDEX "documents_kind_unit_code_year_number_key" ON "documents"("kind", "unit_code", "year", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
