-- A search again of every case, after the frequency table, θ or the mutation model changed. Its searches carry its
-- id: the research grain drives them (the sweep leaves them alone) and its progress is counted from them.

CREATE TABLE registry.researches
(
    id           bigserial   PRIMARY KEY,
    reason       text        NOT NULL,
    requested_by text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    cases        integer     NOT NULL DEFAULT 0,
    completed_at timestamptz NULL
);

ALTER TABLE registry.searches ADD COLUMN research_id bigint NULL REFERENCES registry.researches (id);

CREATE INDEX searches_research_pending ON registry.searches (research_id, id) WHERE completed_at IS NULL;
