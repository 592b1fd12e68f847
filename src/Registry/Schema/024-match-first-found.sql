-- When a pair was first found: an office's inbox shows each candidate's age. A search now updates the pairs it finds
-- again in place (their first_found_at kept) and deletes only those it no longer finds.
ALTER TABLE registry.matches ADD COLUMN first_found_at timestamptz NULL;
UPDATE registry.matches SET first_found_at = computed_at;
ALTER TABLE registry.matches ALTER COLUMN first_found_at SET DEFAULT now(), ALTER COLUMN first_found_at SET NOT NULL;
