-- What a bulk import needs to return as soon as its batch is committed, and leave the searches it owes to be
-- started at the pace the buckets can score them.

-- A case's revision rises with every commit that changes its references, in the same transaction: the buckets
-- keep the newest definition of a case whichever of the import or the case's search brings it first.
ALTER TABLE registry.cases ADD COLUMN revision integer NOT NULL DEFAULT 1;

-- The searches nobody has started yet, oldest first: what the search pump takes next.
CREATE INDEX searches_unstarted ON registry.searches (id) WHERE started_at IS NULL AND completed_at IS NULL AND research_id IS NULL;
