CREATE TABLE "access_grants" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "access_grants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agency" text NOT NULL,
	"scope" varchar(32) NOT NULL,
	"regions" jsonb NOT NULL,
	"basis" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"granted_by" text NOT NULL,
	"granted_by_agency" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text
);
--> statement-breakpoint
CREATE TABLE "access_policy_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	CONSTRAINT "access_policy_version_single_row" CHECK ("access_policy_version"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "agency_suspensions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "agency_suspensions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"agency" text NOT NULL,
	"reason" text NOT NULL,
	"suspended_by" text NOT NULL,
	"suspended_at" timestamp with time zone DEFAULT now() NOT NULL,
	"restored_at" timestamp with time zone,
	"restored_by" text
);
--> statement-breakpoint
CREATE TABLE "code_mappings" (
	"department" varchar(16) NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"category" varchar(32) NOT NULL,
	"label" text NOT NULL,
	"mapped_by" text NOT NULL,
	"mapped_by_agency" text NOT NULL,
	"mapped_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reclassified" integer NOT NULL,
	"detail" jsonb,
	CONSTRAINT "code_mappings_department_code_version_pk" PRIMARY KEY("department","code","version")
);
--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "replay_of" bigint;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "replayed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "replayed_by" text;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "replay_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "access_grants_agency_idx" ON "access_grants" USING btree ("agency");--> statement-breakpoint
CREATE UNIQUE INDEX "agency_suspensions_in_force_key" ON "agency_suspensions" USING btree ("agency") WHERE "agency_suspensions"."restored_at" is null;--> statement-breakpoint
-- Appended by hand to the generated SQL: every change to grants or suspensions
-- moves the policy version in the same transaction; gateway replicas poll it.
INSERT INTO "access_policy_version" ("id", "version") VALUES (1, 0);
--> statement-breakpoint
CREATE FUNCTION "access_policy_bump_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "access_policy_version" SET "version" = "version" + 1 WHERE "id" = 1;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "access_grants_bump_policy_version" AFTER INSERT OR UPDATE OR DELETE ON "access_grants" FOR EACH STATEMENT EXECUTE FUNCTION "access_policy_bump_version"();
--> statement-breakpoint
CREATE TRIGGER "agency_suspensions_bump_policy_version" AFTER INSERT OR UPDATE OR DELETE ON "agency_suspensions" FOR EACH STATEMENT EXECUTE FUNCTION "access_policy_bump_version"();
