//! The outbox's core on both backends: an event written with its change is fanned out once
//! into the inbox of the people it concerns (a second run adds nothing), and workers claiming
//! deliveries at the same moment never take the same row (FOR UPDATE SKIP LOCKED on
//! PostgreSQL, the write lock on SQLite).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashSet;

use chrono::{Duration, Utc};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use youai_api::outbox::worker::run_once;
use youai_api::outbox::{Subject, emit};
use youai_db::outbox::{self as db, Recipient};
use youai_db::schema::{events, notifications};
use youai_tests::world::world;
use youai_tests::{TestApp, db_tests, json_of};
use youai_types::{Channel, EventKind};

use crate::order_queues::with_db;

db_tests!(
    a_sign_up_reaches_its_volunteer_once,
    concurrent_workers_never_claim_one_delivery_twice,
);

async fn a_sign_up_reaches_its_volunteer_once(app: TestApp) {
    let w = world(&app, 5).await;
    let (volunteer, token) = app
        .volunteer("13600001701", "提醒甲", "金都社区", json!({}))
        .await;
    let user_id = volunteer["user_id"].as_i64().unwrap();
    let s: Value = json_of(
        app.post(
            &format!("/api/v1/activities/{}/sign-ups", w.activity["id"]),
            Some(&token),
            &json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(s["status"], "accepted");
    // The event exists with the sign-up, before any worker ran.
    let sign_up_id = s["id"].as_i64().unwrap();
    let pending: Vec<(EventKind, Option<chrono::NaiveDateTime>)> = with_db(&app, move |c| {
        events::table
            .filter(events::subject_type.eq("sign_up"))
            .filter(events::subject_id.eq(sign_up_id))
            .select((events::kind, events::fanned_out_at))
            .load(c)
            .unwrap()
    })
    .await;
    assert_eq!(pending, vec![(EventKind::SignUpAccepted, None)]);

    let worked = run_once(&app.pool, &app.outbox, Utc::now()).await.unwrap();
    assert!(worked.events >= 1 && worked.inbox >= 1, "{worked:?}");
    let inbox = move |c: &mut youai_db::DbConn| -> Vec<(EventKind, String, String)> {
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .select((
                notifications::kind,
                notifications::title,
                notifications::body,
            ))
            .load(c)
            .unwrap()
    };
    let got = with_db(&app, inbox).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, EventKind::SignUpAccepted);
    assert!(got[0].2.contains("楼道清洁"), "{got:?}");
    // A second run finds nothing to do; the volunteer still has one line.
    let again = run_once(&app.pool, &app.outbox, Utc::now()).await.unwrap();
    assert!(again.is_idle(), "{again:?}");
    assert_eq!(with_db(&app, inbox).await.len(), 1);
    // Nobody else heard of it: the leader heard only that their team was approved.
    let leader_lines: i64 = with_db(&app, move |c| {
        notifications::table
            .filter(notifications::user_id.ne(user_id))
            .filter(notifications::kind.ne(EventKind::TeamRegistrationDecided))
            .count()
            .get_result(c)
            .unwrap()
    })
    .await;
    assert_eq!(leader_lines, 0);
}

async fn concurrent_workers_never_claim_one_delivery_twice(app: TestApp) {
    const ROWS: i64 = 120;
    let now = Utc::now().naive_utc();
    // One event with deliveries to 120 (made-up) webhooks, all due.
    with_db(&app, move |c| {
        let e = emit(
            c,
            EventKind::ActivityChanged,
            Subject::new("activity", 1),
            None,
            json!({}),
        )
        .unwrap();
        for hook in 1..=ROWS {
            assert!(
                db::queue_delivery(c, e, Channel::Webhook, Recipient::Webhook(hook), now, now)
                    .unwrap()
            );
        }
        // The same recipient twice is one delivery.
        assert!(
            !db::queue_delivery(c, e, Channel::Webhook, Recipient::Webhook(1), now, now).unwrap()
        );
    })
    .await;
    // Four workers claim ten at a time until nothing is left.
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let pool = app.pool.clone();
            tokio::task::spawn_blocking(move || {
                let mut mine = Vec::new();
                let mut c = pool.get().unwrap();
                loop {
                    let at = Utc::now().naive_utc();
                    let got = c
                        .write_transaction(|c| {
                            db::claim_deliveries(c, at, at + Duration::seconds(60), 10)
                        })
                        .unwrap();
                    if got.is_empty() {
                        break;
                    }
                    mine.extend(got.into_iter().map(|d| {
                        assert_eq!(d.attempts, 1);
                        d.id
                    }));
                }
                mine
            })
        })
        .collect();
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.unwrap());
    }
    let distinct: HashSet<i64> = all.iter().copied().collect();
    assert_eq!(all.len(), distinct.len(), "a delivery was claimed twice");
    assert_eq!(distinct.len(), usize::try_from(ROWS).unwrap());
    // Under their lease, no one can claim them again.
    let later = Utc::now().naive_utc() + Duration::seconds(30);
    let none = with_db(&app, move |c| {
        c.write_transaction(|c| db::claim_deliveries(c, later, later, 200))
            .unwrap()
    })
    .await;
    assert!(none.is_empty());
    // After it, a dead worker's rows are taken again, once.
    let after = Utc::now().naive_utc() + Duration::seconds(120);
    let again = with_db(&app, move |c| {
        c.write_transaction(|c| db::claim_deliveries(c, after, after, 200))
            .unwrap()
    })
    .await;
    assert_eq!(again.len(), usize::try_from(ROWS).unwrap());
    assert!(again.iter().all(|d| d.attempts == 2));
}
