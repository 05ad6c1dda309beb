-- 友爱港城: service projects and their release batches, activities, sign-ups, check-in events,
-- used check-in tokens, and service-hour records.

CREATE TABLE project_batches (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    -- "2018年11月 首批"
    name         TEXT NOT NULL,
    released_on  DATE NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX project_batches_name_key ON project_batches (name);

CREATE TABLE projects (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    title         TEXT NOT NULL,
    description   TEXT,
    category      TEXT NOT NULL,
    -- JSON array of target groups
    target_groups TEXT NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('city', 'town', 'village')),
    area_id       BIGINT NOT NULL REFERENCES areas(id),
    owner_team_id BIGINT REFERENCES teams(id),
    owner_agency  TEXT,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'closed')),
    batch_id      BIGINT REFERENCES project_batches(id),
    review_reason TEXT,
    published_at  TIMESTAMP,
    created_by    BIGINT REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX projects_status_idx ON projects (status, id);
CREATE INDEX projects_area_idx ON projects (area_id, id);
CREATE INDEX projects_team_idx ON projects (owner_team_id, id);
CREATE INDEX projects_batch_idx ON projects (batch_id, id);

CREATE TABLE activities (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id      BIGINT NOT NULL REFERENCES projects(id),
    team_id         BIGINT NOT NULL REFERENCES teams(id),
    title           TEXT NOT NULL,
    description     TEXT,
    start_at        TIMESTAMP NOT NULL,
    end_at          TIMESTAMP NOT NULL,
    signup_deadline TIMESTAMP NOT NULL,
    venue_id        BIGINT REFERENCES venues(id),
    area_id         BIGINT NOT NULL REFERENCES areas(id),
    address         TEXT NOT NULL,
    latitude        DOUBLE PRECISION,
    longitude       DOUBLE PRECISION,
    checkin_radius_m INTEGER NOT NULL,
    quota           INTEGER NOT NULL,
    -- JSON array of skill ids
    skill_ids       TEXT NOT NULL,
    min_age         INTEGER NOT NULL,
    risk_level      TEXT NOT NULL CHECK (risk_level IN ('low', 'medium', 'high')),
    auto_accept     INTEGER NOT NULL,
    auto_verify     INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'recruiting', 'full', 'ongoing', 'finished', 'cancelled')),
    cancel_reason   TEXT,
    accepted_count  INTEGER NOT NULL,
    created_by      BIGINT REFERENCES users(id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX activities_start_idx ON activities (start_at, id);
CREATE INDEX activities_area_idx ON activities (area_id, start_at);
CREATE INDEX activities_team_idx ON activities (team_id, start_at);
CREATE INDEX activities_project_idx ON activities (project_id);
CREATE INDEX activities_geo_idx ON activities (latitude, longitude);

CREATE TABLE sign_ups (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    activity_id   BIGINT NOT NULL REFERENCES activities(id),
    volunteer_id  BIGINT NOT NULL REFERENCES volunteers(id),
    status        TEXT NOT NULL CHECK (status IN ('applied', 'accepted', 'waitlisted', 'rejected', 'cancelled', 'checked_in', 'checked_out', 'no_show')),
    -- the activity's window, copied so overlap checks need no join
    start_at      TIMESTAMP NOT NULL,
    end_at        TIMESTAMP NOT NULL,
    checked_in_at  TIMESTAMP,
    checked_out_at TIMESTAMP,
    auto_closed   INTEGER NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX sign_ups_key ON sign_ups (activity_id, volunteer_id);
CREATE INDEX sign_ups_activity_status_idx ON sign_ups (activity_id, status, id);
CREATE INDEX sign_ups_volunteer_idx ON sign_ups (volunteer_id, start_at);

CREATE TABLE check_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    sign_up_id  BIGINT NOT NULL REFERENCES sign_ups(id),
    kind        TEXT NOT NULL CHECK (kind IN ('check_in', 'check_out', 'auto_close')),
    method      TEXT NOT NULL CHECK (method IN ('qr', 'leader', 'self', 'kiosk', 'system')),
    actor_id    BIGINT REFERENCES users(id),
    latitude    DOUBLE PRECISION,
    longitude   DOUBLE PRECISION,
    at          TIMESTAMP NOT NULL
);
CREATE INDEX check_events_sign_up_idx ON check_events (sign_up_id, id);

-- A rotating check-in token may be used once per volunteer and window.
CREATE TABLE used_checkin_tokens (
    volunteer_id BIGINT NOT NULL,
    time_window  BIGINT NOT NULL,
    used_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (volunteer_id, time_window)
);

CREATE TABLE service_records (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
    activity_id  BIGINT REFERENCES activities(id),
    team_id      BIGINT REFERENCES teams(id),
    -- hours in quarter hours: 7 = 1.75 h
    quarters     INTEGER NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('check_in', 'leader_entry', 'import')),
    status       TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'disputed', 'superseded')),
    corrects_id  BIGINT REFERENCES service_records(id),
    reason       TEXT,
    category     TEXT,
    served_on    DATE NOT NULL,
    verified_by  BIGINT REFERENCES users(id),
    verified_at  TIMESTAMP,
    created_by   BIGINT REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX service_records_volunteer_idx ON service_records (volunteer_id, served_on);
CREATE INDEX service_records_activity_idx ON service_records (activity_id);
CREATE INDEX service_records_status_idx ON service_records (status, id);
