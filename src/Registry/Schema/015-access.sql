-- Who may call the registry, and the record of what every caller did.
--
-- API keys the registry issues itself (pipelines, a fresh install): only the SHA-256 of each secret is kept, so the
-- key is shown once and a copy of this table opens nothing. Keys expire and can be revoked; revoked keys stay listed.
CREATE TABLE registry.api_keys
(
    id         bigserial   PRIMARY KEY,
    name       text        NOT NULL,
    role       text        NOT NULL CHECK (role IN ('national-admin', 'provincial-office', 'lab-pipeline', 'operator', 'auditor')),
    provinces  text[]      NOT NULL DEFAULT '{}',
    hash       bytea       NOT NULL UNIQUE,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz NULL,
    revoked_by text        NULL
);

-- The audit: one row per request that reads or changes DNA data, a key or a decision, and per refused request.
-- Each row's hash is SHA-256 over the previous row's hash and its own fields (each as its UTF-8 length, ':' and its
-- text, then ';'), computed here as the row is written and checked independently by `matching audit verify`.
-- Rows are chained in id order: the trigger takes a transaction lock, then gives the row its id, so ids follow the
-- order in which auditing transactions commit.
-- The id has no default: the trigger gives it after taking the lock.
CREATE SEQUENCE registry.audit_log_id;

CREATE TABLE registry.audit_log
(
    id             bigint      PRIMARY KEY,
    at             timestamptz NOT NULL,
    subject        text        NOT NULL,
    role           text        NOT NULL,
    office         text        NOT NULL,
    provinces      text        NOT NULL,
    client_address text        NOT NULL,
    request_id     text        NOT NULL,
    action         text        NOT NULL,
    ids            text[]      NOT NULL,
    row_count      integer     NOT NULL,
    outcome        integer     NOT NULL,
    previous_hash  text        NOT NULL,
    hash           text        NOT NULL
);

CREATE INDEX audit_log_subject ON registry.audit_log (subject, id);
CREATE INDEX audit_log_ids ON registry.audit_log USING gin (ids);
CREATE INDEX audit_log_at ON registry.audit_log (at);

CREATE FUNCTION registry.audit_field(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT octet_length(value)::text || ':' || value || ';' $$;

CREATE FUNCTION registry.audit_chain() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    previous text;
BEGIN
    -- Held until the transaction ends: the next auditing transaction reads this row's hash once it is committed.
    PERFORM pg_advisory_xact_lock(7378712473657474);
    NEW.id := nextval('registry.audit_log_id');
    NEW.at := date_trunc('microseconds', clock_timestamp());
    SELECT hash INTO previous FROM registry.audit_log ORDER BY id DESC LIMIT 1;
    NEW.previous_hash := coalesce(previous, repeat('0', 64));
    NEW.hash := encode(sha256(convert_to(
        registry.audit_field(NEW.previous_hash) ||
        registry.audit_field(NEW.id::text) ||
        registry.audit_field(to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) ||
        registry.audit_field(NEW.subject) ||
        registry.audit_field(NEW.role) ||
        registry.audit_field(NEW.office) ||
        registry.audit_field(NEW.provinces) ||
        registry.audit_field(NEW.client_address) ||
        registry.audit_field(NEW.request_id) ||
        registry.audit_field(NEW.action) ||
        registry.audit_field(coalesce((SELECT string_agg(octet_length(i)::text || ':' || i, '' ORDER BY n)
                                       FROM unnest(NEW.ids) WITH ORDINALITY AS u(i, n)), '')) ||
        registry.audit_field(NEW.row_count::text) ||
        registry.audit_field(NEW.outcome::text), 'UTF8')), 'hex');
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_chain BEFORE INSERT ON registry.audit_log FOR EACH ROW EXECUTE FUNCTION registry.audit_chain();

-- The old audit held only reads, under an office the caller named itself; kept as it was, no longer written.
ALTER TABLE registry.audit RENAME TO audit_unverified;
