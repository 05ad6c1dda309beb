//! What a list endpoint is asked for: the criteria of `GET /teams`, `/activities`, …

use youai_types::{AreaLevel, TeamKind, TeamStatus};

/// Which areas to list.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AreaFilter {
    pub level: Option<AreaLevel>,
    pub parent_id: Option<i64>,
}

/// Which teams to list; `None` leaves a criterion out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamFilter {
    /// Text in the name or description.
    pub q: Option<String>,
    pub kind: Option<TeamKind>,
    /// The server's default is `approved`; other statuses are for the admins who decide them.
    pub status: Option<TeamStatus>,
    /// Teams in this area's subtree.
    pub within: Option<i64>,
    /// Direct sub-teams of this team.
    pub parent_id: Option<i64>,
    /// Exact specialty, e.g. 理论宣讲.
    pub specialty: Option<String>,
    /// Page size (server default 20).
    pub limit: Option<u32>,
}

/// Which activities to list; `None` leaves a criterion out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActivityFilter {
    /// Text in the title or address.
    pub q: Option<String>,
    /// Activities in this area's subtree.
    pub within: Option<i64>,
    /// Not ended before this instant (RFC 3339).
    pub from: Option<String>,
    /// Starting before this instant (RFC 3339).
    pub to: Option<String>,
    pub category: Option<String>,
    pub target_group: Option<String>,
    /// A team's activities.
    pub team_id: Option<i64>,
    /// The activities at a venue.
    pub venue_id: Option<i64>,
    /// Only activities with free places.
    pub free: bool,
    /// Near this point, `latitude,longitude` (within the server's default 5 km).
    pub near: Option<String>,
    /// Page size (server default 20).
    pub limit: Option<u32>,
}

/// Which published projects to list; `None` leaves a criterion out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectFilter {
    /// Text in the title or description.
    pub q: Option<String>,
    pub category: Option<String>,
    pub target_group: Option<String>,
    pub level: Option<AreaLevel>,
    pub batch_id: Option<i64>,
}
