DROP INDEX "clues_subject_uscc_idx";--> statement-breakpoint
DROP INDEX "clues_subject_id_number_idx";--> statement-breakpoint
DROP INDEX "penalties_subject_uscc_idx";--> statement-breakpoint
DROP INDEX "penalties_subject_id_number_idx";--> statement-breakpoint
DROP INDEX "score_records_subject_uscc_idx";--> statement-breakpoint
DROP INDEX "score_records_subject_id_number_idx";--> statement-breakpoint
CREATE INDEX "clues_subject_uscc_time_idx" ON "clues" USING btree ("subject_uscc","event_time","id");--> statement-breakpoint
CREATE INDEX "clues_subject_id_number_time_idx" ON "clues" USING btree ("subject_id_number","event_time","id");--> statement-breakpoint
CREATE INDEX "penalties_subject_uscc_decided_idx" ON "penalties" USING btree ("subject_uscc","decided_at","id");--> statement-breakpoint
CREATE INDEX "penalties_subject_id_number_decided_idx" ON "penalties" USING btree ("subject_id_number","decided_at","id");--> statement-breakpoint
CREATE INDEX "score_records_subject_uscc_time_idx" ON "score_records" USING btree ("subject_uscc","event_time","id");--> statement-breakpoint
CREATE INDEX "score_records_subject_id_number_time_idx" ON "score_records" USING btree ("subject_id_number","event_time","id");