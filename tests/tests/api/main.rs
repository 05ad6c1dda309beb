//! The HTTP black-box tests, one binary: the real server on a random port over a database
//! copied from a migrated template (SQLite and, with `TEST_DATABASE_URL`, PostgreSQL), driven
//! by reqwest. One module per area of the API; each file in `tests/tests/` would be another
//! binary linking the whole server.

mod activities;
mod allocations;
mod audit;
mod auth;
mod backup;
mod checkins;
mod conventions;
mod corps;
mod delivery;
mod demo;
mod demo_lists;
mod demo_orders;
mod errors;
mod gates;
mod imports;
mod language;
mod lists_reports;
mod matching;
mod menu;
mod needs;
mod needs_input;
mod needs_triage;
mod notifications;
mod openapi;
mod ops;
mod order_deadlines;
mod order_queues;
mod orders;
mod orders_race;
mod orders_reports;
mod outbox;
mod outbox_events;
mod permissions;
mod phone_codes;
mod recruitments;
mod resources;
mod rewards;
mod scope;
mod security;
mod sms_wechat;
mod storage;
mod webhooks;
