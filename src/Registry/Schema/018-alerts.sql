-- Alerts of new candidates to provincial offices.
--
-- A subscription is an office's webhook: where to POST, the secret its HMAC signatures use (the registry must sign
-- with it, so it is kept, and shown to the office once), the provinces it covers (none: every province) and its
-- alert level.
CREATE TABLE registry.alert_subscriptions
(
    id           bigserial        PRIMARY KEY,
    office       text             NOT NULL,
    provinces    text[]           NOT NULL DEFAULT '{}',
    url          text             NOT NULL,
    secret       text             NOT NULL,
    min_lr       double precision NOT NULL CHECK (min_lr > 0),
    created_by   text             NOT NULL,
    created_at   timestamptz      NOT NULL DEFAULT now(),
    cancelled_at timestamptz      NULL
);

-- The outbox: a pair's first time at or above the lowest alert level (10,000, or a lower subscription's), written
-- by the transaction that stores the match, once per pair.
CREATE TABLE registry.alerts
(
    id         bigserial        PRIMARY KEY,
    case_id    text             NOT NULL,
    profile_id text             NOT NULL,
    lr         double precision NOT NULL,
    search_id  bigint           NOT NULL,
    created_at timestamptz      NOT NULL DEFAULT now(),
    UNIQUE (case_id, profile_id)
);

-- One delivery per alert and subscription, made in the same transaction; delivered, retried with backoff, or dead.
CREATE TABLE registry.alert_deliveries
(
    alert_id        bigint      NOT NULL REFERENCES registry.alerts (id),
    subscription_id bigint      NOT NULL REFERENCES registry.alert_subscriptions (id),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz NULL,
    dead_at         timestamptz NULL,
    last_error      text        NULL,
    PRIMARY KEY (alert_id, subscription_id)
);

CREATE INDEX alert_deliveries_due ON registry.alert_deliveries (next_attempt_at) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX alert_deliveries_dead ON registry.alert_deliveries (dead_at) WHERE dead_at IS NOT NULL;
