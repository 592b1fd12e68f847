-- Two foreign keys the registry's own writes already keep, checked again for every row of a bulk import. PostgreSQL
-- checks a foreign key after each row, in a query of its own that fetches the row and locks the row it names: a
-- family reference's case, and (null, but fetched all the same) an owed search's research. Together they were 3.5 %
-- of the machine's CPU in a million-line import, a tenth of PostgreSQL's share (perf, 20 s of the import).
-- What keeps them instead: a batch writes each case (INSERT ... ON CONFLICT) before its references, in the same
-- transaction, and no case is ever deleted; a research's searches are written in the transaction that creates it.
ALTER TABLE registry.profiles DROP CONSTRAINT profiles_case_id_fkey;
ALTER TABLE registry.searches DROP CONSTRAINT searches_research_id_fkey;
