-- Reviews of candidates, by provincial offices: apart from registry.matches and keyed by (case, person), so that a
-- search that replaces a pair's match, or drops it below the threshold, leaves its review as it was.
CREATE TABLE registry.reviews
(
    case_id       text             NOT NULL,
    profile_id    text             NOT NULL,
    state         text             NOT NULL CHECK (state IN ('candidate', 'under-review', 'more-relatives-requested', 'confirmed', 'excluded', 'reunited')),
    assigned_to   text             NULL,
    relatives     text[]           NOT NULL DEFAULT '{}',
    lab_reference text             NULL,
    reason        text             NOT NULL,
    version       integer          NOT NULL,
    lr_at_change  double precision NULL,
    changed_by    text             NOT NULL,
    changed_at    timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, profile_id)
);

CREATE INDEX reviews_state ON registry.reviews (state, case_id, profile_id);

-- Every transition, as it was made.
CREATE TABLE registry.review_history
(
    case_id       text             NOT NULL,
    profile_id    text             NOT NULL,
    version       integer          NOT NULL,
    from_state    text             NOT NULL,
    to_state      text             NOT NULL,
    actor         text             NOT NULL,
    reason        text             NOT NULL,
    assigned_to   text             NULL,
    relatives     text[]           NOT NULL DEFAULT '{}',
    lab_reference text             NULL,
    lr            double precision NULL,
    at            timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, profile_id, version)
);
