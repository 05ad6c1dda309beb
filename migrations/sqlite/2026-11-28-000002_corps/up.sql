-- The corps (一队): skills, volunteers, teams with their decision history, membership, recruitment.

CREATE TABLE skills (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX skills_code_key ON skills (code);
CREATE UNIQUE INDEX skills_name_key ON skills (name);

CREATE TABLE volunteers (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id        BIGINT REFERENCES users(id),
    -- 志愿者编号, issued from the id after insert
    number         TEXT NOT NULL,
    real_name      TEXT NOT NULL,
    phone          TEXT NOT NULL,
    gender         TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    birth_date     DATE NOT NULL,
    area_id        BIGINT NOT NULL REFERENCES areas(id),
    -- the resident ID number: AES-256-GCM ciphertext, a keyed hash for uniqueness, and the masked form
    id_number_enc  TEXT,
    id_number_hash TEXT,
    id_number_mask TEXT,
    guardian_name  TEXT,
    guardian_phone TEXT,
    -- JSON array of weekly slots
    availability   TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX volunteers_user_key ON volunteers (user_id);
CREATE UNIQUE INDEX volunteers_phone_key ON volunteers (phone);
CREATE INDEX volunteers_number_idx ON volunteers (number);
CREATE UNIQUE INDEX volunteers_id_number_key ON volunteers (id_number_hash);
CREATE INDEX volunteers_area_idx ON volunteers (area_id, id);
CREATE INDEX volunteers_birth_idx ON volunteers (birth_date);

CREATE TABLE volunteer_skills (
    volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
    skill_id     BIGINT NOT NULL REFERENCES skills(id),
    PRIMARY KEY (volunteer_id, skill_id)
);
CREATE INDEX volunteer_skills_skill_idx ON volunteer_skills (skill_id, volunteer_id);

CREATE TABLE teams (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id     BIGINT REFERENCES teams(id),
    kind          TEXT NOT NULL CHECK (kind IN ('city_corps', 'town_detachment', 'industry_detachment', 'squad', 'community_team', 'point_team', 'social_team')),
    name          TEXT NOT NULL,
    area_id       BIGINT NOT NULL REFERENCES areas(id),
    specialty     TEXT,
    description   TEXT,
    contact_name  TEXT,
    contact_phone TEXT,
    logo_url      TEXT,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'suspended')),
    -- materialised path '/1/5/': a leader's scope is their team's subtree
    path          TEXT NOT NULL,
    created_by    BIGINT REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX teams_name_key ON teams (name);
CREATE INDEX teams_parent_idx ON teams (parent_id, id);
CREATE INDEX teams_path_idx ON teams (path);
CREATE INDEX teams_area_idx ON teams (area_id, id);
CREATE INDEX teams_kind_idx ON teams (kind, id);

CREATE TABLE team_decisions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id     BIGINT NOT NULL REFERENCES teams(id),
    action      TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    reason      TEXT,
    actor_id    BIGINT REFERENCES users(id),
    at          TIMESTAMP NOT NULL
);
CREATE INDEX team_decisions_team_idx ON team_decisions (team_id, id);

CREATE TABLE recruitments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id     BIGINT NOT NULL REFERENCES teams(id),
    title       TEXT NOT NULL,
    description TEXT,
    quota       INTEGER NOT NULL,
    -- JSON array of skill ids
    skill_ids   TEXT NOT NULL,
    deadline    TIMESTAMP NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    created_by  BIGINT REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX recruitments_team_idx ON recruitments (team_id, id);

CREATE TABLE team_members (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id        BIGINT NOT NULL REFERENCES teams(id),
    volunteer_id   BIGINT NOT NULL REFERENCES volunteers(id),
    role           TEXT NOT NULL CHECK (role IN ('leader', 'member')),
    status         TEXT NOT NULL CHECK (status IN ('applied', 'active', 'declined', 'left', 'removed')),
    recruitment_id BIGINT REFERENCES recruitments(id),
    message        TEXT,
    applied_at     TIMESTAMP NOT NULL,
    decided_at     TIMESTAMP,
    decided_by     BIGINT REFERENCES users(id)
);
CREATE UNIQUE INDEX team_members_key ON team_members (team_id, volunteer_id);
CREATE INDEX team_members_volunteer_idx ON team_members (volunteer_id, status);
CREATE INDEX team_members_team_status_idx ON team_members (team_id, status);
