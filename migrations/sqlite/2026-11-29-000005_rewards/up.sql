-- 礼遇: star level changes, the points ledger, the courtesy catalogue, vouchers, honours.

CREATE TABLE star_changes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    volunteer_id  BIGINT NOT NULL REFERENCES volunteers(id),
    from_level    INTEGER NOT NULL,
    to_level      INTEGER NOT NULL,
    quarters      BIGINT NOT NULL,
    record_id     BIGINT REFERENCES service_records(id),
    at            TIMESTAMP NOT NULL
);
CREATE INDEX star_changes_volunteer_idx ON star_changes (volunteer_id, id);

-- Append-only. The balance is the sum of points; event is unique, so no event credits twice.
CREATE TABLE points_entries (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    volunteer_id  BIGINT NOT NULL REFERENCES volunteers(id),
    kind          TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'refund', 'adjust', 'expire')),
    points        INTEGER NOT NULL CHECK (points <> 0),
    event         TEXT NOT NULL UNIQUE,
    reason        TEXT,
    record_id     BIGINT REFERENCES service_records(id),
    voucher_id    BIGINT,
    created_by    BIGINT REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX points_entries_volunteer_idx ON points_entries (volunteer_id, id);

CREATE TABLE rewards (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL CHECK (kind IN ('recognition', 'honour', 'insurance', 'service', 'goods', 'training')),
    name             TEXT NOT NULL,
    description      TEXT,
    provider         TEXT NOT NULL,
    provider_user_id BIGINT REFERENCES users(id),
    min_star         INTEGER,
    min_recent_hours INTEGER,
    team_kind        TEXT,
    min_age          INTEGER,
    cost_points      INTEGER NOT NULL CHECK (cost_points >= 0),
    per_person_limit INTEGER,
    stock            INTEGER CHECK (stock >= 0),
    valid_from       DATE,
    valid_until      DATE,
    voucher_days     INTEGER NOT NULL,
    active           INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);

CREATE TABLE vouchers (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    code          TEXT NOT NULL UNIQUE,
    reward_id     BIGINT NOT NULL REFERENCES rewards(id),
    volunteer_id  BIGINT NOT NULL REFERENCES volunteers(id),
    points        INTEGER NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('issued', 'redeemed', 'cancelled')),
    expires_at    TIMESTAMP NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    redeemed_at   TIMESTAMP,
    redeemed_by   BIGINT REFERENCES users(id),
    cancelled_at  TIMESTAMP
);
CREATE INDEX vouchers_volunteer_idx ON vouchers (volunteer_id, id);
CREATE INDEX vouchers_reward_idx ON vouchers (reward_id, status);

CREATE TABLE honours (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    volunteer_id  BIGINT NOT NULL REFERENCES volunteers(id),
    title         TEXT NOT NULL,
    citation      TEXT NOT NULL,
    awarded_on    DATE NOT NULL,
    awarded_by    BIGINT REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX honours_volunteer_idx ON honours (volunteer_id);
