-- CreateIndex
CREATE INDEX "tasks_status_step_id_due_at_idx" ON "tasks"("status", "step_id", "due_at");
