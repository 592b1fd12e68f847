-- The tables and queries Orleans' ADO.NET providers (10.4.2, invariant Npgsql) use for clustering, grain state and
-- reminders. Orleans looks each query up by key in OrleansQuery, binds parameters by name and reads columns by name;
-- only those names and types are the contract, the SQL behind them is ours.

CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);

-- Clustering: one version row per cluster, bumped by every membership change (the table's etag), one row per silo.

CREATE TABLE OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL PRIMARY KEY,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0
);

CREATE TABLE OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- The table's etag moves only from the version the caller read.
CREATE FUNCTION orleans_membership_bump(p_deployment varchar, p_version integer) RETURNS boolean
LANGUAGE sql AS $body$
    WITH bumped AS (
        UPDATE OrleansMembershipVersionTable SET Version = Version + 1, Timestamp = now()
        WHERE DeploymentId = p_deployment AND Version = p_version
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM bumped);
$body$;

-- A silo joins: its row is inserted and the version bumped together, or neither happens (0 = lost the race).
CREATE FUNCTION orleans_membership_insert(
    p_deployment varchar, p_address varchar, p_port integer, p_generation integer, p_silo_name varchar,
    p_host_name varchar, p_status integer, p_proxy_port integer, p_start timestamptz, p_alive timestamptz,
    p_version integer) RETURNS integer
LANGUAGE plpgsql AS $body$
BEGIN
    IF NOT orleans_membership_bump(p_deployment, p_version) THEN
        RETURN 0;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES (p_deployment, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port, p_start, p_alive)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'OR001';
    END IF;

    RETURN 1;
EXCEPTION WHEN SQLSTATE 'OR001' THEN
    RETURN 0; -- the block's version bump is rolled back with it
END
$body$;

-- A silo's status or suspicions change: the same all-or-nothing rule, guarded by the version the caller read.
CREATE FUNCTION orleans_membership_update(
    p_deployment varchar, p_address varchar, p_port integer, p_generation integer, p_status integer,
    p_suspect_times varchar, p_alive timestamptz, p_version integer) RETURNS integer
LANGUAGE plpgsql AS $body$
BEGIN
    IF NOT orleans_membership_bump(p_deployment, p_version) THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipTable
    SET Status = p_status, SuspectTimes = p_suspect_times, IAmAliveTime = p_alive
    WHERE DeploymentId = p_deployment AND Address = p_address AND Port = p_port AND Generation = p_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'OR001';
    END IF;

    RETURN 1;
EXCEPTION WHEN SQLSTATE 'OR001' THEN
    RETURN 0;
END
$body$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', '
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
    ON CONFLICT DO NOTHING RETURNING 1)
SELECT count(*)::integer FROM created;'),

('InsertMembershipKey', '
SELECT orleans_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
    @ProxyPort, @StartTime, @IAmAliveTime, @Version);'),

('UpdateMembershipKey', '
SELECT orleans_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
    @IAmAliveTime, @Version);'),

-- Heartbeats do not bump the version: liveness is read from the timestamp, not from the etag.
('UpdateIAmAlivetimeKey', '
UPDATE OrleansMembershipTable SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;'),

-- The version row is returned even when the silo has no row yet (a left join from the version table).
('MembershipReadRowKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
       ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;'),

('MembershipReadAllKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;'),

('DeleteMembershipTableEntriesKey', '
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;'),

('GatewaysQueryKey', '
SELECT Address, ProxyPort, Generation FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;'),

-- Only rows of dead silos (status 6) are removed; a live silo that missed heartbeats is left to the membership protocol.
('CleanupDefunctSiloEntriesKey', '
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status = 6;'),

('CleanupDefunctSiloEntryKey', '
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
  AND Status = 6 AND IAmAliveTime = @IAmAliveTime AND StartTime = @StartTime
  AND SuspectTimes IS NOT DISTINCT FROM @SuspectTimes::varchar;');

-- Grain state: one row per grain and state type, its payload the bytes of the configured serialiser, and a version
-- that every write must name (optimistic concurrency: a write with a stale version changes nothing).

CREATE TABLE OrleansStorage
(
    GrainIdHash            integer        NOT NULL,
    GrainIdN0              bigint         NOT NULL,
    GrainIdN1              bigint         NOT NULL,
    GrainTypeHash          integer        NOT NULL,
    GrainTypeString        varchar(512)   NOT NULL,
    GrainIdExtensionString varchar(512)   NULL,
    ServiceId              varchar(150)   NOT NULL,
    PayloadBinary          bytea          NULL,
    PayloadXml             xml            NULL,
    PayloadJson            text           NULL,
    ModifiedOn             timestamp      NOT NULL,
    Version                integer        NULL
);

CREATE INDEX OrleansStorage_Grain ON OrleansStorage (GrainIdHash, GrainTypeHash);

-- Returns the new version, or the version given when the write lost (Orleans then reports an inconsistent state).
CREATE FUNCTION orleans_storage_write(
    p_id_hash integer, p_n0 bigint, p_n1 bigint, p_type_hash integer, p_type varchar, p_extension varchar,
    p_service varchar, p_version integer, p_payload bytea) RETURNS TABLE (NewGrainStateVersion integer)
LANGUAGE plpgsql AS $body$
BEGIN
    IF p_version IS NOT NULL THEN
        UPDATE OrleansStorage
        SET PayloadBinary = p_payload, PayloadJson = NULL, PayloadXml = NULL,
            ModifiedOn = now() AT TIME ZONE 'utc', Version = Version + 1
        WHERE GrainIdHash = p_id_hash AND GrainTypeHash = p_type_hash AND GrainIdN0 = p_n0 AND GrainIdN1 = p_n1
          AND GrainTypeString = p_type AND GrainIdExtensionString IS NOT DISTINCT FROM p_extension
          AND ServiceId = p_service AND Version = p_version;
        RETURN QUERY SELECT CASE WHEN FOUND THEN p_version + 1 ELSE p_version END;
        RETURN;
    END IF;

    -- First write of this grain's state: serialise concurrent first writers on the grain's hash.
    PERFORM pg_advisory_xact_lock(p_id_hash, p_type_hash);
    INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
                                GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT p_id_hash, p_n0, p_n1, p_type_hash, p_type, p_extension, p_service, p_payload, now() AT TIME ZONE 'utc', 1
    WHERE NOT EXISTS (
        SELECT 1 FROM OrleansStorage
        WHERE GrainIdHash = p_id_hash AND GrainTypeHash = p_type_hash AND GrainIdN0 = p_n0 AND GrainIdN1 = p_n1
          AND GrainTypeString = p_type AND GrainIdExtensionString IS NOT DISTINCT FROM p_extension
          AND ServiceId = p_service);
    RETURN QUERY SELECT CASE WHEN FOUND THEN 1 ELSE NULL::integer END;
END
$body$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', '
SELECT NewGrainStateVersion FROM orleans_storage_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
    @GrainTypeString, @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);'),

('ReadFromStorageKey', '
SELECT PayloadBinary, PayloadXml, PayloadJson, now() AT TIME ZONE ''utc'' AS ReadOn, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
  AND ServiceId = @ServiceId;'),

('ClearStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = NULL, PayloadJson = NULL, PayloadXml = NULL, Version = Version + 1
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
  AND ServiceId = @ServiceId AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;');

-- Reminders: one row per grain and reminder name; the grain's hash places it in a silo's range of the ring.

CREATE TABLE OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(150)   NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,
    GrainHash    integer        NOT NULL,
    Version      integer        NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', '
INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period::bigint, @GrainHash, 0)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = excluded.StartTime, Period = excluded.Period, GrainHash = excluded.GrainHash,
    Version = OrleansRemindersTable.Version + 1
RETURNING Version;'),

('ReadReminderRowsKey', '
SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId;'),

('ReadReminderRowKey', '
SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;'),

-- A silo's range of the ring, (begin, end]; the second form is the range that wraps around zero.
('ReadRangeRows1Key', '
SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;'),

('ReadRangeRows2Key', '
SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);'),

('DeleteReminderRowKey', '
WITH removed AS (
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version
    RETURNING 1)
SELECT count(*)::integer FROM removed;'),

('DeleteReminderRowsKey', '
DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;');
