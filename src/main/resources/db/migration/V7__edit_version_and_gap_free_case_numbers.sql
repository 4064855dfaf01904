-- The service center's edit version of a case, apart from the row version: `version` stays the store's
-- optimistic-locking counter, bumped by every write (the engine's and the owner's changes included);
-- `edit_version` counts only the technicians' edits and is what the API shows and checks, so that an
-- owner acknowledgement or a recurrence never makes a technician's versioned change stale. Existing cases
-- start from their current version, so a version a client read before the upgrade still matches.
ALTER TABLE cases ADD COLUMN edit_version BIGINT DEFAULT 1 NOT NULL;
UPDATE cases SET edit_version = version;

-- Case numbers without gaps after a crash: H2 pre-allocates 32 sequence values and loses the unused ones
-- when the engine is killed; one value at a time (PostgreSQL's default) is written with each commit.
ALTER SEQUENCE case_ids CACHE 1;
