-- Loci are kept as the JSON text the registry writes ({"CSF1PO": ["10", "12"], ...}), not as jsonb. Only the
-- registry reads them, always whole, and parsing every row into jsonb was the larger part of PostgreSQL's work in a
-- bulk COPY. A query that needs a locus casts: loci::jsonb.

ALTER TABLE registry.profiles ALTER COLUMN loci TYPE text USING loci::text;
ALTER TABLE registry.profile_history ALTER COLUMN loci TYPE text USING loci::text;
