-- Foundation: settings, areas, venues, accounts, grants, tokens, login throttling, idempotency.
-- Timestamps are UTC. Enums are TEXT checked against their values.

CREATE TABLE server_settings (
    name  TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE areas (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id  BIGINT REFERENCES areas(id),
    level      TEXT NOT NULL CHECK (level IN ('city', 'town', 'village')),
    name       TEXT NOT NULL,
    code       TEXT,
    -- materialised path '/1/4/9/': a subtree is one indexed prefix match
    path       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX areas_parent_name_key ON areas (COALESCE(parent_id, 0), name);
CREATE INDEX areas_path_idx ON areas (path);
CREATE INDEX areas_level_idx ON areas (level, id);

CREATE TABLE venues (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    area_id       BIGINT NOT NULL REFERENCES areas(id),
    kind          TEXT NOT NULL CHECK (kind IN ('centre', 'institute', 'station', 'point')),
    name          TEXT NOT NULL,
    address       TEXT NOT NULL,
    latitude      DOUBLE PRECISION,
    longitude     DOUBLE PRECISION,
    opening_hours TEXT,
    capacity      INTEGER,
    phone         TEXT,
    description   TEXT,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX venues_area_idx ON venues (area_id, id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    phone         TEXT NOT NULL,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_phone_key ON users (phone);

CREATE TABLE role_grants (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    role       TEXT NOT NULL CHECK (role IN ('platform_admin', 'area_admin', 'agency_operator', 'team_leader', 'volunteer', 'resident', 'kiosk')),
    area_id    BIGINT REFERENCES areas(id),
    team_id    BIGINT,
    agency_id  BIGINT,
    venue_id   BIGINT REFERENCES venues(id),
    granted_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX role_grants_user_idx ON role_grants (user_id);
CREATE UNIQUE INDEX role_grants_scope_key ON role_grants (user_id, role, COALESCE(area_id, 0), COALESCE(team_id, 0), COALESCE(agency_id, 0), COALESCE(venue_id, 0));

CREATE TABLE refresh_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    family     TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX refresh_tokens_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family);

CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    phone TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_phone_idx ON login_failures (phone, at);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, at);

CREATE TABLE idempotency_keys (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    principal     TEXT NOT NULL,
    idem_key      TEXT NOT NULL,
    method        TEXT NOT NULL,
    path          TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER,
    content_type  TEXT,
    location      TEXT,
    response_body TEXT,
    created_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX idempotency_keys_key ON idempotency_keys (principal, idem_key);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
