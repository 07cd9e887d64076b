-- CreateTable
CREATE TABLE "job_runs" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "job" TEXT NOT NULL,
    "slot" DATETIME NOT NULL,
    "started_at" DATETIME NOT NULL,
    "finished_at" DATETIME,
    "outcome" TEXT NOT NULL,
    "detail" TEXT,
    "instance" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "job_runs_job_started_at_idx" ON "job_runs"("job", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "job_runs_job_slot_key" ON "job_runs"("job", "slot");
