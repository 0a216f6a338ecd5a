CREATE TABLE "business_licenses" (
	"uscc" varchar(18) PRIMARY KEY NOT NULL,
	"status" varchar(32) NOT NULL,
	"reason" text,
	"region" varchar(6) NOT NULL,
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_acceptances" (
	"case_no" text PRIMARY KEY NOT NULL,
	"police_case_no" text NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL,
	"region" varchar(6) NOT NULL,
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_transfers" (
	"case_no" text PRIMARY KEY NOT NULL,
	"subject_kind" varchar(16) NOT NULL,
	"subject_uscc" varchar(18),
	"subject_id_number" varchar(18),
	"subject_name" text,
	"violation_code" text NOT NULL,
	"category" varchar(32) NOT NULL,
	"to_agency" text NOT NULL,
	"summary" text NOT NULL,
	"region" varchar(6) NOT NULL,
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clues" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "clues_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"department" varchar(16) NOT NULL,
	"clue_id" text NOT NULL,
	"subject_kind" varchar(16) NOT NULL,
	"subject_uscc" varchar(18),
	"subject_id_number" varchar(18),
	"subject_name" text,
	"violation_code" text NOT NULL,
	"category" varchar(32) NOT NULL,
	"summary" text NOT NULL,
	"channel" varchar(32) NOT NULL,
	"target_departments" jsonb NOT NULL,
	"status" varchar(16) DEFAULT 'NEW' NOT NULL,
	"region" varchar(6) NOT NULL,
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dead_letters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"offset" bigint NOT NULL,
	"message_key" "bytea",
	"value" "bytea",
	"headers" jsonb NOT NULL,
	"error_code" varchar(48) NOT NULL,
	"reason" text NOT NULL,
	"event_source" text,
	"event_id" text,
	"dead_lettered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ingested_events" (
	"source" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"offset" bigint NOT NULL,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ingested_events_source_event_id_pk" PRIMARY KEY("source","event_id")
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"inspection_id" text NOT NULL,
	"uscc" varchar(18) NOT NULL,
	"inspector_ids" jsonb NOT NULL,
	"outcome" varchar(16) NOT NULL,
	"findings" jsonb NOT NULL,
	"region" varchar(6) NOT NULL,
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL,
	CONSTRAINT "inspections_region_inspection_id_pk" PRIMARY KEY("region","inspection_id")
);
--> statement-breakpoint
CREATE TABLE "inspectors" (
	"inspector_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"agency" text NOT NULL,
	"inspector_region" varchar(6) NOT NULL,
	"certificate_no" text NOT NULL,
	"avoid_institutions" jsonb NOT NULL,
	"region" varchar(6) NOT NULL,
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institution_revocations" (
	"uscc" varchar(18) PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"revoked_at" timestamp with time zone NOT NULL,
	"region" varchar(6) NOT NULL,
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"uscc" varchar(18) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" varchar(32) NOT NULL,
	"ownership" varchar(16) NOT NULL,
	"license_no" text NOT NULL,
	"institution_region" varchar(6) NOT NULL,
	"address" text NOT NULL,
	"region" varchar(6) NOT NULL,
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insurance_agreements" (
	"uscc" varchar(18) NOT NULL,
	"agreement_no" text NOT NULL,
	"status" varchar(16) NOT NULL,
	"reason" text,
	"region" varchar(6) NOT NULL,
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL,
	CONSTRAINT "insurance_agreements_uscc_agreement_no_pk" PRIMARY KEY("uscc","agreement_no")
);
--> statement-breakpoint
CREATE TABLE "insurance_alerts" (
	"alert_id" text NOT NULL,
	"uscc" varchar(18) NOT NULL,
	"rule" text NOT NULL,
	"score" real NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"region" varchar(6) NOT NULL,
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL,
	CONSTRAINT "insurance_alerts_region_alert_id_pk" PRIMARY KEY("region","alert_id")
);
--> statement-breakpoint
CREATE TABLE "offender_records" (
	"record_no" text NOT NULL,
	"id_number" varchar(18) NOT NULL,
	"name" text NOT NULL,
	"violation_code" text NOT NULL,
	"category" varchar(32) NOT NULL,
	"penalty" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"photo_ref" text,
	"hospital_uscc" varchar(18),
	"region" varchar(6) NOT NULL,
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL,
	CONSTRAINT "offender_records_region_record_no_pk" PRIMARY KEY("region","record_no")
);
--> statement-breakpoint
CREATE TABLE "penalties" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "penalties_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"department" varchar(16) NOT NULL,
	"decision_no" text NOT NULL,
	"result_kind" varchar(24) NOT NULL,
	"subject_kind" varchar(16) NOT NULL,
	"subject_uscc" varchar(18),
	"subject_id_number" varchar(18),
	"subject_name" text,
	"violation_code" text NOT NULL,
	"category" varchar(32) NOT NULL,
	"penalty_kinds" jsonb NOT NULL,
	"amount_yuan" numeric(16, 2) NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"publish" boolean NOT NULL,
	"basis" text,
	"region" varchar(6) NOT NULL,
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "score_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"subject_kind" varchar(16) NOT NULL,
	"subject_uscc" varchar(18),
	"subject_id_number" varchar(18),
	"subject_name" text,
	"points" integer NOT NULL,
	"reason" text NOT NULL,
	"cycle" varchar(16) NOT NULL,
	"region" varchar(6) NOT NULL,
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tax_ratings" (
	"uscc" varchar(18) NOT NULL,
	"year" integer NOT NULL,
	"rating" varchar(1) NOT NULL,
	"region" varchar(6) NOT NULL,
	"event_source" text NOT NULL,
	"event_id" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL,
	CONSTRAINT "tax_ratings_uscc_year_pk" PRIMARY KEY("uscc","year")
);
--> statement-breakpoint
CREATE TABLE "unmapped_codes" (
	"department" varchar(16) NOT NULL,
	"code" text NOT NULL,
	"occurrences" integer NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unmapped_codes_department_code_pk" PRIMARY KEY("department","code")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "clues_agency_clue_id_key" ON "clues" USING btree ("department","region","clue_id");--> statement-breakpoint
CREATE INDEX "clues_region_time_idx" ON "clues" USING btree ("region","event_time");--> statement-breakpoint
CREATE INDEX "clues_subject_uscc_idx" ON "clues" USING btree ("subject_uscc");--> statement-breakpoint
CREATE INDEX "clues_subject_id_number_idx" ON "clues" USING btree ("subject_id_number");--> statement-breakpoint
CREATE UNIQUE INDEX "dead_letters_position_key" ON "dead_letters" USING btree ("topic","partition","offset");--> statement-breakpoint
CREATE INDEX "dead_letters_error_code_idx" ON "dead_letters" USING btree ("error_code");--> statement-breakpoint
CREATE INDEX "ingested_events_topic_idx" ON "ingested_events" USING btree ("topic");--> statement-breakpoint
CREATE INDEX "inspections_uscc_idx" ON "inspections" USING btree ("uscc");--> statement-breakpoint
CREATE INDEX "inspectors_region_idx" ON "inspectors" USING btree ("inspector_region");--> statement-breakpoint
CREATE INDEX "institutions_region_idx" ON "institutions" USING btree ("institution_region");--> statement-breakpoint
CREATE INDEX "insurance_alerts_uscc_idx" ON "insurance_alerts" USING btree ("uscc");--> statement-breakpoint
CREATE INDEX "offender_records_id_number_idx" ON "offender_records" USING btree ("id_number");--> statement-breakpoint
CREATE UNIQUE INDEX "penalties_agency_decision_no_key" ON "penalties" USING btree ("department","region","decision_no");--> statement-breakpoint
CREATE INDEX "penalties_region_decided_idx" ON "penalties" USING btree ("region","decided_at");--> statement-breakpoint
CREATE INDEX "penalties_subject_uscc_idx" ON "penalties" USING btree ("subject_uscc");--> statement-breakpoint
CREATE UNIQUE INDEX "score_records_event_key" ON "score_records" USING btree ("event_source","event_id");--> statement-breakpoint
CREATE INDEX "score_records_subject_uscc_idx" ON "score_records" USING btree ("subject_uscc");