-- The registry's own records: profiles (with every earlier version kept), cases, searches, match results, imports
-- and the audit log. PostgreSQL is the source of truth; the grains hold what they load from here.

CREATE SCHEMA registry;

CREATE TABLE registry.cases
(
    id          text        PRIMARY KEY,
    province    text        NOT NULL,
    bucket_hash integer     NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE registry.profiles
(
    id            text        PRIMARY KEY,
    category      text        NOT NULL CHECK (category IN ('family-reference', 'unknown-parentage')),
    case_id       text        NULL REFERENCES registry.cases (id),
    role          text        NULL,
    province      text        NOT NULL,
    sex           char(1)     NOT NULL CHECK (sex IN ('M', 'F')),
    loci          jsonb       NOT NULL,
    content_hash  text        NOT NULL,
    -- A person is bucketed by its own id, a reference by its case (BucketHash of either).
    bucket_hash   integer     NOT NULL,
    version       integer     NOT NULL DEFAULT 1,
    registered_at timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((category = 'family-reference') = (case_id IS NOT NULL AND role IS NOT NULL))
);

CREATE INDEX profiles_case ON registry.profiles (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX profiles_bucket ON registry.profiles (category, bucket_hash);
-- One person fills each of these places in a case's pedigree.
CREATE UNIQUE INDEX profiles_singular_role ON registry.profiles (case_id, role)
    WHERE role IN ('father', 'mother', 'paternal-grandfather', 'paternal-grandmother',
                   'maternal-grandfather', 'maternal-grandmother');

-- Corrections keep the version they replace.
CREATE TABLE registry.profile_history
(
    profile_id   text        NOT NULL,
    version      integer     NOT NULL,
    category     text        NOT NULL,
    case_id      text        NULL,
    role         text        NULL,
    province     text        NOT NULL,
    sex          char(1)     NOT NULL,
    loci         jsonb       NOT NULL,
    content_hash text        NOT NULL,
    valid_from   timestamptz NOT NULL,
    replaced_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (profile_id, version)
);

-- One row per search the registry owes: a person against all cases, or a case against all persons. A search is
-- committed with the profile that causes it, and is pending until its results are stored; the sweep restarts
-- pending searches that nobody is finishing.
CREATE TABLE registry.searches
(
    id           bigserial   PRIMARY KEY,
    subject_kind text        NOT NULL CHECK (subject_kind IN ('person', 'case')),
    subject_id   text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz NULL,
    attempts     integer     NOT NULL DEFAULT 0,
    completed_at timestamptz NULL,
    candidates   integer     NULL
);

CREATE INDEX searches_pending ON registry.searches (requested_at) WHERE completed_at IS NULL;
CREATE INDEX searches_subject ON registry.searches (subject_id, subject_kind, id);

CREATE TABLE registry.matches
(
    case_id     text             NOT NULL REFERENCES registry.cases (id),
    profile_id  text             NOT NULL REFERENCES registry.profiles (id),
    lr          double precision NOT NULL,
    log10_lr    double precision NOT NULL,
    search_id   bigint           NOT NULL,
    computed_at timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, profile_id)
);

CREATE INDEX matches_profile ON registry.matches (profile_id);

CREATE TABLE registry.imports
(
    id          bigserial   PRIMARY KEY,
    source      text        NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz NULL,
    created     integer     NOT NULL DEFAULT 0,
    corrected   integer     NOT NULL DEFAULT 0,
    unchanged   integer     NOT NULL DEFAULT 0,
    rejected    integer     NOT NULL DEFAULT 0
);

-- Every read of a match, by whom; never the DNA itself.
CREATE TABLE registry.audit
(
    id      bigserial   PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    actor   text        NOT NULL,
    action  text        NOT NULL,
    subject text        NOT NULL
);
