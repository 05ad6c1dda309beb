//! The SPA in a real headless Chromium, against the real server: one test binary, a module per
//! part of the site. The steps the journeys share (signing in through the form, opening a console
//! part, filling and submitting forms, scanning a code, waiting for text or for the API) are
//! methods of the harness's [`Browser`](youai_tests::browser::Browser); what the journeys set up
//! through the API is in [`fixtures`].
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

/// axe-core on every page, in both languages.
mod accessibility;
/// Self check-in where the activity is, hours entered and corrected, release batches.
mod activities_staff;
/// Team registrations, sign-ups, hours, courtesies, projects and activities in the console.
mod console;
/// The corps: a team registered, a recruitment call answered, a CSV import, the admin screens.
mod corps;
/// Code splitting, compression and caching, and the throttled first-load report.
mod delivery;
mod fixtures;
/// A venue's kiosk and a leader's scanner.
mod kiosk;
/// 需求对接: proposals with their reasons, a link, and the trace after the service.
mod matching;
/// The needs list: submitting and following a need, the triage board.
mod needs;
/// The inbox: the bell's count, reading one notice and all, the notification settings.
mod notifications;
/// 两网 two-way ordering: the menu, the orders board, the timeline, the escalation queue.
mod orders;
/// Registering with an SMS code (the stand-in gateway), and the forgotten-password page.
mod phone_codes;
/// The public pages, signed out.
mod public;
/// The charts, their CSV files and the workbook.
mod reports;
/// The resources list: publish, allocate within capacity.
mod resources;
/// The reward rules, courtesies, honours, points and certificates, from both sides.
mod rewards_admin;
/// The README's screenshots (ignored: run by hand).
mod screenshots;
/// Teams, sign-ups, the volunteer centre and courtesies.
mod volunteer;
