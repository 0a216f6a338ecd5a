CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"action" varchar(32) NOT NULL,
	"actor" text NOT NULL,
	"agency" text NOT NULL,
	"operation" text NOT NULL,
	"field_path" text NOT NULL,
	"record_id" text NOT NULL,
	"purpose_basis" varchar(32),
	"purpose_reference" text,
	"request_id" text NOT NULL,
	"subject_id_number" varchar(18),
	"detail" jsonb,
	"prev_hash" char(64) NOT NULL,
	"hash" char(64) NOT NULL,
	CONSTRAINT "audit_log_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE INDEX "audit_log_subject_id_number_idx" ON "audit_log" USING btree ("subject_id_number");--> statement-breakpoint
-- Appended by hand to the generated SQL: the audit log is append-only. A
-- superuser can still disable the trigger; the hash chain is what catches that.
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();
