-- One durable outbox: domain events written in the transaction that causes them, the
-- deliveries the worker makes of them (SMS, WeChat template messages, webhooks) with their
-- retries, the in-app inbox, each user's preferences, webhook subscriptions, and the SMS codes
-- that confirm a phone.

-- A domain event. `due_at` is when it may be fanned out: now for most, the reminder time for
-- an activity's reminders (which move with the activity while not yet fanned out).
CREATE TABLE events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT NOT NULL,
    subject_type  TEXT NOT NULL,
    subject_id    BIGINT NOT NULL,
    -- who caused it (none for the timer)
    actor_id      BIGINT REFERENCES users(id),
    -- what the notification and the webhook say, as JSON: never more than every recipient
    -- of this kind may read through the API
    payload       TEXT NOT NULL,
    due_at        TIMESTAMP NOT NULL,
    fanned_out_at TIMESTAMP,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX events_due_idx ON events (fanned_out_at, due_at, id);
CREATE INDEX events_subject_idx ON events (subject_type, subject_id, kind);

-- One delivery of one event to one recipient on one channel (not the inbox, which is written
-- when the event is fanned out). The unique key is the deduplication.
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        BIGINT NOT NULL REFERENCES events(id),
    channel         TEXT NOT NULL CHECK (channel IN ('sms', 'wechat', 'webhook')),
    user_id         BIGINT REFERENCES users(id),
    webhook_id      BIGINT,
    -- 'user:<id>' or 'webhook:<id>'
    recipient_key   TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- not before then (backoff, quiet hours)
    next_attempt_at TIMESTAMP NOT NULL,
    -- a claimed row ('sending') belongs to its worker until then; after, another may take it
    lease_until     TIMESTAMP,
    last_error      TEXT,
    last_status     INTEGER,
    last_latency_ms INTEGER,
    delivered_at    TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CHECK ((user_id IS NULL) <> (webhook_id IS NULL))
);
CREATE UNIQUE INDEX deliveries_once_key ON deliveries (event_id, channel, recipient_key);
CREATE INDEX deliveries_due_idx ON deliveries (status, next_attempt_at, id);
CREATE INDEX deliveries_webhook_idx ON deliveries (webhook_id, id);

-- Each attempt of a delivery: when, the answer's status (or the error), how long it took.
CREATE TABLE delivery_attempts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id BIGINT NOT NULL REFERENCES deliveries(id),
    at          TIMESTAMP NOT NULL,
    status_code INTEGER,
    error       TEXT,
    latency_ms  INTEGER NOT NULL
);
CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id, id);

-- The in-app inbox (站内信).
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    event_id   BIGINT NOT NULL REFERENCES events(id),
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    -- the SPA path it links to
    link       TEXT,
    read_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX notifications_once_key ON notifications (user_id, event_id);
CREATE INDEX notifications_unread_idx ON notifications (user_id, read_at, id);

-- A user's choice for one kind of event on one channel; no row: the default.
CREATE TABLE notification_preferences (
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind    TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('inbox', 'sms', 'wechat')),
    enabled BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, kind, channel)
);

-- Quiet hours in city time, as minutes after midnight (from > to spans midnight): SMS and
-- WeChat wait until they end; the inbox does not.
CREATE TABLE notification_settings (
    user_id    BIGINT PRIMARY KEY REFERENCES users(id),
    quiet_from INTEGER CHECK (quiet_from BETWEEN 0 AND 1439),
    quiet_to   INTEGER CHECK (quiet_to BETWEEN 0 AND 1439),
    updated_at TIMESTAMP NOT NULL,
    CHECK ((quiet_from IS NULL) = (quiet_to IS NULL))
);

-- An integrator's subscription: event kinds (a JSON array) pushed to a URL, signed with its
-- secret (encrypted with the data key, as ID numbers are).
CREATE TABLE webhooks (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    url                  TEXT NOT NULL,
    kinds                TEXT NOT NULL,
    description          TEXT,
    secret               TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    -- deliveries that went dead in a row; reset by a success
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    disabled_at          TIMESTAMP,
    disabled_reason      TEXT,
    created_by           BIGINT REFERENCES users(id),
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);

-- A 6-digit code sent by SMS to confirm a phone (registration, a password reset): only its
-- hash is kept.
CREATE TABLE phone_codes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    phone      TEXT NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('register', 'reset_password')),
    code_hash  TEXT NOT NULL,
    ip         TEXT NOT NULL,
    tries      INTEGER NOT NULL DEFAULT 0,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX phone_codes_phone_idx ON phone_codes (phone, purpose, id);
CREATE INDEX phone_codes_ip_idx ON phone_codes (ip, created_at);

-- When the account's phone was confirmed by a code; the WeChat user (openid) bound to it,
-- for template messages.
ALTER TABLE users ADD COLUMN phone_verified_at TIMESTAMP;
ALTER TABLE users ADD COLUMN wechat_openid TEXT;
CREATE UNIQUE INDEX users_wechat_openid_key ON users (wechat_openid);
