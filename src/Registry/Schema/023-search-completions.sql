-- The operators' "searches per second": the searches completed in the last minute, counted from the newest end of an
-- index on the completion time (a completion appends to its right edge) instead of a scan of every search.
CREATE INDEX searches_completed_at ON registry.searches (completed_at) WHERE completed_at IS NOT NULL;

-- A province's profiles by id, read without their rows: an office's listings keep the pairs whose person is in its
-- provinces by this index's few megabytes instead of a heap lookup per pair (or a scan of every profile).
CREATE INDEX profiles_province ON registry.profiles (province, id);
