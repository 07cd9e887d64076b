-- CreateTable
CREATE TABLE "reports" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "pdf_sha256" TEXT NOT NULL,
    "xlsx_sha256" TEXT,
    "summary" TEXT NOT NULL,
    "disposition_inbound_id" TEXT,
    "disposition_by" TEXT,
    "disposition_at" TIMESTAMP(3),
    "disposition_text" TEXT,

    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reports_kind_period_key" ON "reports"("kind", "period");
