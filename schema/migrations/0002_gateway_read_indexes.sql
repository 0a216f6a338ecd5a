CREATE INDEX "clues_time_id_idx" ON "clues" USING btree ("event_time","id");--> statement-breakpoint
CREATE INDEX "penalties_decided_id_idx" ON "penalties" USING btree ("decided_at","id");--> statement-breakpoint
CREATE INDEX "penalties_subject_id_number_idx" ON "penalties" USING btree ("subject_id_number");--> statement-breakpoint
CREATE INDEX "score_records_subject_id_number_idx" ON "score_records" USING btree ("subject_id_number");