-- Each case's power, worked out in the background for the revision of its references and the kinship settings it
-- was computed under, so that offices can list the cases that cannot reach the convincing level with what they hold.
CREATE TABLE registry.case_power
(
    case_id        text             PRIMARY KEY,
    revision       integer          NOT NULL,
    settings_id    integer          NULL,
    threshold      double precision NOT NULL,
    true_child     double precision NOT NULL,
    unrelated      double precision NOT NULL,
    median_log10   double precision NULL,
    p05_log10      double precision NULL,
    computed_at    timestamptz      NOT NULL DEFAULT now()
);

CREATE INDEX case_power_weakest ON registry.case_power (true_child, case_id);

ALTER TABLE registry.case_power ENABLE ROW LEVEL SECURITY;
CREATE POLICY province_scope ON registry.case_power USING (registry.case_in_scope(case_id));
