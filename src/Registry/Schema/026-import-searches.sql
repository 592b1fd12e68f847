-- The searches an import owes, for its report's progress: how many, and the first and last of their ids. The pump
-- starts searches oldest first, so the import's searches are done when none up to its last is pending.
ALTER TABLE registry.imports ADD COLUMN searches_owed bigint NOT NULL DEFAULT 0,
    ADD COLUMN first_search_id bigint NULL,
    ADD COLUMN last_search_id bigint NULL;
