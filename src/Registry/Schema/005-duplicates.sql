-- Profiles found identical to an earlier one wherever both are typed: possibly the same person registered twice.
-- Both stay registered; a reviewer decides. A pair is recorded once, from the later profile's side.

CREATE TABLE registry.possible_duplicates
(
    profile_id   text        NOT NULL,
    duplicate_of text        NOT NULL,
    shared_loci  integer     NOT NULL,
    found_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (profile_id, duplicate_of)
);

CREATE INDEX possible_duplicates_of ON registry.possible_duplicates (duplicate_of);
