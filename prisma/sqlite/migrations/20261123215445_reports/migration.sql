-- CreateTable
CREATE TABLE "reports" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "pdf_sha256" TEXT NOT NULL,
    "xlsx_sha256" TEXT,
    "summary" TEXT NOT NULL,
    "disposition_inbound_id" TEXT,
    "disposition_by" TEXT,
    "disposition_at" DATETIME,
    "disposition_text" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "reports_kind_period_key" ON "reports"("kind", "period");
