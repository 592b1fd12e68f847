-- An owed search entered five indexes when it was inserted and again each time it started and finished (a change of
-- started_at or completed_at is never a HOT update). Two of them indexed rows nobody looks up by them: every
-- unfinished search by requested_at (no query orders by it), and every unfinished search under a research id that
-- is null for all but a research's own. Narrowed, an owed search enters three indexes when owed, three when started,
-- two when finished.
DROP INDEX registry.searches_pending;
DROP INDEX registry.searches_research_pending;
-- The sweep's question: which started searches went quiet.
CREATE INDEX searches_started ON registry.searches (id)
    WHERE started_at IS NOT NULL AND completed_at IS NULL AND research_id IS NULL;
CREATE INDEX searches_research_pending ON registry.searches (research_id, id)
    WHERE research_id IS NOT NULL AND completed_at IS NULL;
