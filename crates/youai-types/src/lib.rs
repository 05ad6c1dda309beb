//! The API's request and response types: the wire format shared by the server, the SPA and the tests.
//!
//! serde only; the `openapi` feature adds utoipa schemas for the server's spec.

pub mod activities;
pub mod areas;
pub mod auth;
pub mod common;
pub mod corps;
pub mod lists;
pub mod lists_stats;
pub mod matching;
pub mod needs;
pub mod orders;
pub mod orders_stats;
pub mod outbox;
pub mod problem;
pub mod resources;
pub mod rewards;
pub mod stored;
pub use stored::UnreadableValue;
pub mod notifications;
pub mod venues;
pub mod vocabulary;
pub mod webhooks;

pub use activities::*;
pub use areas::*;
pub use auth::*;
pub use common::*;
pub use corps::*;
pub use lists::*;
pub use lists_stats::*;
pub use matching::*;
pub use needs::*;
pub use notifications::*;
pub use orders::*;
pub use orders_stats::*;
pub use outbox::*;
pub use problem::*;
pub use resources::*;
pub use rewards::*;
pub use venues::*;
pub use webhooks::*;
