-- A search that fails again and again (its subject cannot be prepared, its results cannot be stored) is parked
-- after a configured number of failed attempts, with its last error, instead of being tried for ever: an operator
-- sees it in /api/stats and GET /api/searches/{id}. A start that merely went quiet (a lost message, a killed silo)
-- is no failure: the sweep starts it again. A parked search is not pending; a correction or a research owes a new one.
ALTER TABLE registry.searches ADD COLUMN failures integer NOT NULL DEFAULT 0;
ALTER TABLE registry.searches ADD COLUMN parked_at timestamptz NULL;
ALTER TABLE registry.searches ADD COLUMN last_error text NULL;
