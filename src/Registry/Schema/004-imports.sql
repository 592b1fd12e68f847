-- An import's progress as it streams (records read so far, who sent it) and its error report, one row a record.

ALTER TABLE registry.imports ADD COLUMN records integer NOT NULL DEFAULT 0;
ALTER TABLE registry.imports ADD COLUMN requested_by text NOT NULL DEFAULT 'unidentified';

CREATE TABLE registry.import_errors
(
    id        bigserial PRIMARY KEY,
    import_id bigint    NOT NULL REFERENCES registry.imports (id),
    source    text      NOT NULL,
    record    text      NOT NULL,
    field     text      NOT NULL,
    reason    text      NOT NULL
);

CREATE INDEX import_errors_import ON registry.import_errors (import_id, id);
