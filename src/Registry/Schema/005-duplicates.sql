-- Profiles found identical to an earlier one wherever both are typed: possibly the same person registered twice.
-- Both stay registered; a reviewer decides. A pair is recorded once: two searches of one batch can each find the
-- other, and the index on the unordered pair keeps the first.

CREATE TABLE registry.possible_duplicates
(
    profile_id   text        NOT NULL,
    duplicate_of text        NOT NULL,
    shared_loci  integer     NOT NULL,
    found_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (profile_id, duplicate_of)
);

CREATE INDEX possible_duplicates_of ON registry.possible_duplicates (duplicate_of);
CREATE UNIQUE INDEX possible_duplicates_pair ON registry.possible_duplicates (least(profile_id, duplicate_of), greatest(profile_id, duplicate_of));
