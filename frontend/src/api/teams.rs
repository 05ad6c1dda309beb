//! Teams: the directory, registration decisions, joining and members.

use youai_types::{
    JoinRequest, Membership, MembershipStatus, MembershipStatusChange, NewTeamDecision, Page, Team,
    TeamDecision, TeamKind, TeamStatus,
};

use super::{ApiClient, ApiError, Query, TeamFilter, Verb, to_json};

impl ApiClient {
    /// `GET /teams`: one page of teams.
    pub async fn teams(
        self,
        filter: &TeamFilter,
        cursor: Option<&str>,
    ) -> Result<Page<Team>, ApiError> {
        let path = format!(
            "/teams{}",
            Query::new()
                .opt("q", filter.q.as_deref())
                .opt("kind", filter.kind.map(TeamKind::as_str))
                .opt("status", filter.status.map(TeamStatus::as_str))
                .opt("within", filter.within)
                .opt("parent_id", filter.parent_id)
                .opt("specialty", filter.specialty.as_deref())
                .opt("limit", filter.limit)
                .opt("cursor", cursor)
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /teams/{id}`
    pub async fn team(self, id: i64) -> Result<Team, ApiError> {
        self.json(Verb::Get, &format!("/teams/{id}"), None).await
    }

    /// `GET /teams/{id}/decisions`: the registration history, oldest first.
    pub async fn team_decisions(self, id: i64) -> Result<Vec<TeamDecision>, ApiError> {
        let path = format!("/teams/{id}/decisions");
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /teams/{id}/decisions`: approve or reject a registration; answers with the team.
    pub async fn decide_team(self, id: i64, decision: &NewTeamDecision) -> Result<Team, ApiError> {
        let path = format!("/teams/{id}/decisions");
        let body = Some(to_json(decision)?);
        self.json(Verb::Post, &path, body).await
    }

    /// `POST /teams/{id}/members`: apply to join a team.
    pub async fn join_team(self, id: i64, request: &JoinRequest) -> Result<Membership, ApiError> {
        let path = format!("/teams/{id}/members");
        let body = Some(to_json(request)?);
        self.json(Verb::Post, &path, body).await
    }

    /// `GET /teams/{id}/members?status=`: one page (100) of a team's members, for its leaders.
    pub async fn team_members(
        self,
        team_id: i64,
        status: MembershipStatus,
    ) -> Result<Page<Membership>, ApiError> {
        let path = format!(
            "/teams/{team_id}/members{}",
            Query::new()
                .opt("status", Some(status.as_str()))
                .opt("limit", Some(100))
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /teams/{id}/members/{member_id}/status`: a leader accepts (`active`) or declines.
    pub async fn set_member_status(
        self,
        team_id: i64,
        member_id: i64,
        status: MembershipStatus,
    ) -> Result<Membership, ApiError> {
        let path = format!("/teams/{team_id}/members/{member_id}/status");
        let body = Some(to_json(&MembershipStatusChange { status })?);
        self.json(Verb::Post, &path, body).await
    }
}
