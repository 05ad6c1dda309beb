-- 三清单: agencies, needs (with their events, links and categories), resources and their
-- allocations (下沉); the grid worker role; an activity's need and the residents it served.

CREATE TABLE agencies (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('government', 'enterprise', 'institution', 'social_org')),
    area_id       BIGINT NOT NULL REFERENCES areas(id),
    contact_name  TEXT,
    contact_phone TEXT,
    description   TEXT,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX agencies_name_key ON agencies (name);
CREATE INDEX agencies_area_idx ON agencies (area_id, id);

ALTER TABLE projects ADD COLUMN owner_agency_id BIGINT REFERENCES agencies(id);
CREATE INDEX projects_agency_idx ON projects (owner_agency_id);

-- The needs categories (a managed vocabulary); `serves` lists the project categories and
-- resource topics (JSON array of Chinese names) that answer a need of the category.
CREATE TABLE need_categories (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL,
    name_en    TEXT,
    serves     TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX need_categories_name_key ON need_categories (name);

CREATE TABLE needs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    -- short public code to follow the need by, e.g. 'XQ7K3M9P'
    code            TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT,
    category_id     BIGINT NOT NULL REFERENCES need_categories(id),
    area_id         BIGINT NOT NULL REFERENCES areas(id),
    people_affected INTEGER NOT NULL CHECK (people_affected >= 1),
    target_group    TEXT,
    channel         TEXT NOT NULL CHECK (channel IN ('cadre_visit', 'volunteer_visit', 'grid_worker', 'wechat_group', 'qq_group', 'app', 'wechat_oa', 'kiosk', 'web')),
    contact_name    TEXT,
    contact_phone   TEXT,
    submitted_by    BIGINT REFERENCES users(id),
    recorded_by     BIGINT REFERENCES users(id),
    status          TEXT NOT NULL CHECK (status IN ('submitted', 'under_review', 'accepted', 'rejected', 'matched', 'in_service', 'fulfilled', 'withdrawn', 'merged')),
    merged_into     BIGINT REFERENCES needs(id),
    supporters      INTEGER NOT NULL CHECK (supporters >= 1),
    urgency_rank    INTEGER,
    reject_reason   TEXT,
    decided_at      TIMESTAMP,
    fulfilled_at    TIMESTAMP,
    rating          INTEGER CHECK (rating BETWEEN 1 AND 5),
    rating_comment  TEXT,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX needs_code_key ON needs (code);
CREATE INDEX needs_area_status_idx ON needs (area_id, status, id);
CREATE INDEX needs_status_idx ON needs (status, id);
CREATE INDEX needs_submitter_idx ON needs (submitted_by, id);

-- Everything that happened to a need, in order: the trace's backbone.
CREATE TABLE need_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    need_id     BIGINT NOT NULL REFERENCES needs(id),
    kind        TEXT NOT NULL CHECK (kind IN ('intake', 'merged', 'absorbed', 'review', 'rank', 'link', 'in_service', 'fulfilled', 'withdraw', 'evaluate')),
    from_status TEXT,
    to_status   TEXT,
    actor_id    BIGINT REFERENCES users(id),
    note        TEXT,
    -- JSON object with the event's particulars (reviewers present, merged need, proposal…)
    details     TEXT,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX need_events_need_idx ON need_events (need_id, id);

CREATE TABLE resources (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    kind               TEXT NOT NULL CHECK (kind IN ('venue', 'talent', 'fund', 'project')),
    title              TEXT NOT NULL,
    description        TEXT,
    provider_agency_id BIGINT REFERENCES agencies(id),
    provider_team_id   BIGINT REFERENCES teams(id),
    level              TEXT NOT NULL CHECK (level IN ('city', 'town', 'village')),
    area_id            BIGINT NOT NULL REFERENCES areas(id),
    -- JSON arrays of Chinese names
    topics             TEXT NOT NULL,
    target_groups      TEXT NOT NULL,
    capacity           INTEGER NOT NULL CHECK (capacity >= 1),
    unit               TEXT NOT NULL,
    period             TEXT NOT NULL CHECK (period IN ('month', 'quarter', 'year')),
    available_from     DATE,
    available_until    DATE,
    status             TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
    created_by         BIGINT REFERENCES users(id),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX resources_area_idx ON resources (area_id, id);
CREATE INDEX resources_agency_idx ON resources (provider_agency_id, id);

-- How much of a resource is allocated in each period: one conditional UPDATE keeps it within
-- capacity under concurrency on both backends.
CREATE TABLE resource_periods (
    resource_id  BIGINT NOT NULL REFERENCES resources(id),
    period_start DATE NOT NULL,
    allocated    INTEGER NOT NULL CHECK (allocated >= 0),
    PRIMARY KEY (resource_id, period_start)
);

CREATE TABLE resource_allocations (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    resource_id  BIGINT NOT NULL REFERENCES resources(id),
    area_id      BIGINT NOT NULL REFERENCES areas(id),
    quantity     INTEGER NOT NULL CHECK (quantity >= 1),
    period_start DATE NOT NULL,
    need_id      BIGINT REFERENCES needs(id),
    note         TEXT,
    allocated_by BIGINT REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX resource_allocations_resource_idx ON resource_allocations (resource_id, id);
CREATE INDEX resource_allocations_area_idx ON resource_allocations (area_id, id);

-- A proposal a reviewer chose for a need: a resource, a project, or both.
CREATE TABLE need_links (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    need_id     BIGINT NOT NULL REFERENCES needs(id),
    resource_id BIGINT REFERENCES resources(id),
    project_id  BIGINT REFERENCES projects(id),
    score       INTEGER NOT NULL,
    -- JSON array of the reasons shown with the proposal
    reasons     TEXT NOT NULL,
    linked_by   BIGINT REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX need_links_need_idx ON need_links (need_id, id);
CREATE INDEX need_links_project_idx ON need_links (project_id);

-- An activity may be run for a need (the need follows it: in service, fulfilled), and
-- records the residents it served (参与群众人次) when it finishes.
ALTER TABLE activities ADD COLUMN need_id BIGINT REFERENCES needs(id);
ALTER TABLE activities ADD COLUMN residents_served INTEGER CHECK (residents_served >= 0);
CREATE INDEX activities_need_idx ON activities (need_id);

INSERT INTO need_categories (name, name_en, serves, sort_order, created_at) VALUES
 ('文艺演出', 'Performances', '["文化文艺"]', 1, CURRENT_TIMESTAMP),
 ('文体活动', 'Activities', '["文化文艺", "邻里互助", "健康"]', 2, CURRENT_TIMESTAMP),
 ('知识讲座', 'Knowledge', '["理论宣讲", "科普宣传", "政策解读", "法律维权", "防范诈骗", "食品安全", "安全生产"]', 3, CURRENT_TIMESTAMP),
 ('便民服务', 'Services', '["邻里互助", "法律服务", "法律维权", "文明交通"]', 4, CURRENT_TIMESTAMP),
 ('急难愁盼', 'Urgent difficulties', '["应急救援", "心理关爱", "助老助残", "法律维权"]', 5, CURRENT_TIMESTAMP),
 ('脱贫致富', 'Income', '["技能培训", "政策解读"]', 6, CURRENT_TIMESTAMP),
 ('就学就业', 'School and jobs', '["技能培训", "关爱未成年人", "政策解读"]', 7, CURRENT_TIMESTAMP),
 ('看病就医', 'Medical care', '["医疗健康", "健康", "心理关爱"]', 8, CURRENT_TIMESTAMP),
 ('住房养老', 'Housing and elder care', '["助老助残", "政策解读", "法律维权"]', 9, CURRENT_TIMESTAMP);

-- SQLite cannot alter a CHECK: rebuild role_grants to admit the grid worker (scoped to an area).
CREATE TABLE role_grants_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    role       TEXT NOT NULL CHECK (role IN ('platform_admin', 'area_admin', 'agency_operator', 'team_leader', 'volunteer', 'resident', 'kiosk', 'grid_worker')),
    area_id    BIGINT REFERENCES areas(id),
    team_id    BIGINT,
    agency_id  BIGINT,
    venue_id   BIGINT REFERENCES venues(id),
    granted_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
INSERT INTO role_grants_new SELECT id, user_id, role, area_id, team_id, agency_id, venue_id, granted_by, created_at FROM role_grants;
DROP TABLE role_grants;
ALTER TABLE role_grants_new RENAME TO role_grants;
CREATE INDEX role_grants_user_idx ON role_grants (user_id);
CREATE UNIQUE INDEX role_grants_scope_key ON role_grants (user_id, role, COALESCE(area_id, 0), COALESCE(team_id, 0), COALESCE(agency_id, 0), COALESCE(venue_id, 0));
