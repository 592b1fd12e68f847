-- What a bulk import pays for each profile beyond its row. Two indexes took an entry at a random place for every
-- profile or owed search, a leaf page dirtied (and written whole to the WAL after a checkpoint) for each:
-- profiles by (category, bucket_hash), which no bucket load can use (it asks bucket_hash modulo the bucket count)
-- and which served only the registry's counts by category; and searches by subject, asked only for a subject's
-- completed searches. By category alone, entries of one category go in at the index's end and are deduplicated;
-- by subject, only a search that completes enters. COPY of profiles and the owed searches measured 4–6 µs and
-- 3–4 µs of PostgreSQL CPU a row cheaper.
DROP INDEX registry.profiles_bucket;
CREATE INDEX profiles_category ON registry.profiles (category);
DROP INDEX registry.searches_subject;
CREATE INDEX searches_subject_completed ON registry.searches (subject_id, subject_kind, id) WHERE completed_at IS NOT NULL;
