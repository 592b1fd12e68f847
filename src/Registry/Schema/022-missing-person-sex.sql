-- The missing child's sex, where the family knows it: an office records it on the case, and every posterior of the
-- case spreads its prior over the registered persons who could be the child (that sex, or of unknown sex).
ALTER TABLE registry.cases ADD COLUMN missing_sex char(1) NULL CHECK (missing_sex IN ('M', 'F'));
