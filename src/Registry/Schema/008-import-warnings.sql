-- What an import accepted with a warning (an allele the frequency table lacks, given the minimum frequency), kept
-- beside its error report so that the lab sees it too.

ALTER TABLE registry.imports ADD COLUMN warned integer NOT NULL DEFAULT 0;

CREATE TABLE registry.import_warnings
(
    id        bigserial PRIMARY KEY,
    import_id bigint    NOT NULL REFERENCES registry.imports (id),
    warning   text      NOT NULL
);

CREATE INDEX import_warnings_import ON registry.import_warnings (import_id, id);
