-- A correction says who made it and why: kept with the version it replaced.
ALTER TABLE registry.profile_history
    ADD COLUMN corrected_by      text NULL,
    ADD COLUMN correction_reason text NULL;
