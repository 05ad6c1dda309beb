-- 两网 two-way ordering (供需对接): the menu of services that agencies and teams offer (市级供单)
-- and the orders that stations open for help (基层开单) or place from the menu (基层点单),
-- each with its timeline.

-- A published project an agency or a team offers the grassroots, with a monthly capacity.
CREATE TABLE menu_items (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id         BIGINT NOT NULL REFERENCES projects(id),
    provider_agency_id BIGINT REFERENCES agencies(id),
    provider_team_id   BIGINT REFERENCES teams(id),
    capacity_per_month INTEGER NOT NULL CHECK (capacity_per_month >= 1),
    -- days' notice an order needs: its date is at least this many days ahead
    lead_days          INTEGER NOT NULL CHECK (lead_days >= 0),
    conditions         TEXT,
    status             TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
    created_by         BIGINT REFERENCES users(id),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    CHECK ((provider_agency_id IS NULL) <> (provider_team_id IS NULL))
);
CREATE INDEX menu_items_project_idx ON menu_items (project_id);
CREATE INDEX menu_items_agency_idx ON menu_items (provider_agency_id, id);
CREATE INDEX menu_items_team_idx ON menu_items (provider_team_id, id);

-- The areas a menu item serves, each with everything below it.
CREATE TABLE menu_item_areas (
    menu_item_id BIGINT NOT NULL REFERENCES menu_items(id),
    area_id      BIGINT NOT NULL REFERENCES areas(id),
    PRIMARY KEY (menu_item_id, area_id)
);

-- How many orders of a menu item were accepted for each month (its first day): one
-- conditional UPDATE keeps it within capacity under concurrency on both backends.
CREATE TABLE menu_item_months (
    menu_item_id BIGINT NOT NULL REFERENCES menu_items(id),
    month        DATE NOT NULL,
    taken        INTEGER NOT NULL CHECK (taken >= 0),
    PRIMARY KEY (menu_item_id, month)
);

CREATE TABLE orders (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    direction          TEXT NOT NULL CHECK (direction IN ('request', 'menu')),
    status             TEXT NOT NULL CHECK (status IN ('open', 'taken', 'scheduled', 'completed', 'evaluated', 'cancelled', 'expired')),
    -- the ordering station's area (a village or a town) and, when known, its venue
    area_id            BIGINT NOT NULL REFERENCES areas(id),
    venue_id           BIGINT REFERENCES venues(id),
    title              TEXT NOT NULL,
    description        TEXT,
    -- what a request order asks for (the needs vocabulary); a menu order's is its project's
    category_id        BIGINT REFERENCES need_categories(id),
    menu_item_id       BIGINT REFERENCES menu_items(id),
    wanted_on          DATE NOT NULL,
    volunteers_wanted  INTEGER CHECK (volunteers_wanted BETWEEN 1 AND 1000),
    address            TEXT,
    contact_name       TEXT,
    contact_phone      TEXT,
    -- an open order untaken by then escalates to the admins of the area above
    take_by            TIMESTAMP NOT NULL,
    -- the serving team (a request order's taker); a menu order is served by its item's provider
    team_id            BIGINT REFERENCES teams(id),
    dispatched_team_id BIGINT REFERENCES teams(id),
    activity_id        BIGINT REFERENCES activities(id),
    escalated_to       BIGINT REFERENCES areas(id),
    escalated_at       TIMESTAMP,
    rating             INTEGER CHECK (rating BETWEEN 1 AND 5),
    comment            TEXT,
    cancel_reason      TEXT,
    created_by         BIGINT REFERENCES users(id),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    taken_at           TIMESTAMP,
    scheduled_at       TIMESTAMP,
    completed_at       TIMESTAMP,
    evaluated_at       TIMESTAMP,
    CHECK ((direction = 'menu') = (menu_item_id IS NOT NULL))
);
CREATE INDEX orders_status_idx ON orders (status, take_by);
CREATE INDEX orders_area_idx ON orders (area_id, id);
CREATE INDEX orders_team_idx ON orders (team_id, id);
CREATE INDEX orders_dispatched_idx ON orders (dispatched_team_id);
CREATE INDEX orders_menu_item_idx ON orders (menu_item_id, wanted_on);
CREATE INDEX orders_activity_idx ON orders (activity_id);
CREATE INDEX orders_escalated_idx ON orders (escalated_to, id);

-- Accepted needs an order was opened from: they move with it. A need is in one order.
CREATE TABLE order_needs (
    order_id BIGINT NOT NULL REFERENCES orders(id),
    need_id  BIGINT NOT NULL REFERENCES needs(id),
    PRIMARY KEY (order_id, need_id)
);
CREATE UNIQUE INDEX order_needs_need_key ON order_needs (need_id);

-- An order's timeline: every move, who made it (none: the server's timer) and when.
CREATE TABLE order_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id    BIGINT NOT NULL REFERENCES orders(id),
    action      TEXT NOT NULL CHECK (action IN ('open', 'take', 'dispatch', 'accept', 'decline', 'schedule', 'complete', 'evaluate', 'cancel', 'escalate', 'expire')),
    from_status TEXT CHECK (from_status IN ('open', 'taken', 'scheduled', 'completed', 'evaluated', 'cancelled', 'expired')),
    to_status   TEXT NOT NULL CHECK (to_status IN ('open', 'taken', 'scheduled', 'completed', 'evaluated', 'cancelled', 'expired')),
    actor_id    BIGINT REFERENCES users(id),
    team_id     BIGINT REFERENCES teams(id),
    note        TEXT,
    at          TIMESTAMP NOT NULL
);
CREATE INDEX order_events_order_idx ON order_events (order_id, id);
