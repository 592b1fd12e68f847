-- What produced each result: one row per distinct set of kinship settings (frequency table and its content hash,
-- θ, mutation model and rates, reporting threshold, engine version). A completed search records the settings of the
-- silo that stored it, and so does every match through its search; a research records the settings it began under.
-- A cluster's current settings are those its running silos share: a silo whose settings differ refuses to join.
CREATE TABLE registry.kinship_settings
(
    id            serial      PRIMARY KEY,
    hash          text        NOT NULL UNIQUE,
    settings      jsonb       NOT NULL,
    first_used_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE registry.cluster_settings
(
    cluster_id  text        PRIMARY KEY,
    settings_id integer     NOT NULL REFERENCES registry.kinship_settings (id),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE registry.searches ADD COLUMN settings_id integer NULL;
ALTER TABLE registry.researches ADD COLUMN settings_id integer NULL;
