//! The typed client for the youai API: the one place that knows the base path, the bearer
//! token, token refresh and `application/problem+json` errors.
//!
//! Pages call methods such as [`ApiClient::stats`]; they never build requests themselves.

mod query;
mod tokens;

use std::cell::RefCell;
use std::fmt;

use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::{Request, Response};
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use youai_types::{
    Activity, Area, AreaLevel, CertificateCheck, CheckInToken, CheckMethod, CheckRequest,
    FieldError, Honour, JoinRequest, LoginRequest, Me, Membership, MembershipStatus,
    MembershipStatusChange, MonthlyStats, MySignUp, NewActivity, NewActivityTransition, NewProject,
    NewProjectReview, NewReward, NewTeamDecision, NewVolunteer, Page, PointsAccount, Problem,
    Project, ProjectBatch, ProjectStatus, RecordDecision, RecordStatus, RefreshRequest, Reward,
    RewardPatch, ServiceHistory, ServiceRecord, SignUp, SignUpStatus, SignUpStatusChange, Skill,
    StarLevel, Stats, Team, TeamDecision, TeamKind, TeamStatus, TokenResponse, Venue, VenueScan,
    VenueScanResult, Volunteer, Voucher,
};

pub use query::{Query, encode_segment};
pub use tokens::Tokens;

/// Every endpoint lives under this path on the same origin as the app.
const BASE: &str = "/api/v1";

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with a problem document (RFC 9457). Boxed: it is large, and
    /// errors travel through every `Result`.
    Problem(Box<Problem>),
    /// No answer at all: offline, server down, request blocked.
    Network(String),
    /// An answer that is not what the API promises (a proxy's HTML error page, a body that
    /// does not parse).
    Unexpected { status: u16, message: String },
}

impl ApiError {
    /// The problem document, when the server sent one.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ApiError::Problem(p) => Some(p),
            _ => None,
        }
    }

    /// The problem's stable `code` (`invalid_credentials`, `validation_failed`, …).
    pub fn code(&self) -> Option<&str> {
        self.problem().map(|p| p.code.as_str())
    }

    /// Field-level errors (empty unless the server sent some).
    pub fn field_errors(&self) -> &[FieldError] {
        self.problem().map_or(&[], |p| p.errors.as_slice())
    }

    /// The first message for one request field, e.g. `"phone"`.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        self.field_error(field).map(|e| e.message.as_str())
    }

    /// The first error for one request field, e.g. `"phone"`.
    pub fn field_error(&self, field: &str) -> Option<&FieldError> {
        self.field_errors().iter().find(|e| e.field == field)
    }

    /// Whether the problem is `code`, or a field error with that code (`volunteer_profile_required`).
    pub fn is(&self, code: &str) -> bool {
        self.code() == Some(code) || self.field_errors().iter().any(|e| e.code == code)
    }

    /// The same error without the field errors for `fields` (those a form shows beside its
    /// inputs); `None` when nothing is left to say.
    pub fn without_fields(&self, fields: &[&str]) -> Option<ApiError> {
        match self {
            ApiError::Problem(p) if !p.errors.is_empty() => {
                let rest: Vec<FieldError> = p
                    .errors
                    .iter()
                    .filter(|e| !fields.contains(&e.field.as_str()))
                    .cloned()
                    .collect();
                if rest.is_empty() {
                    return None;
                }
                let mut p = p.clone();
                p.errors = rest;
                Some(ApiError::Problem(p))
            }
            other => Some(other.clone()),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Problem(p) => f.write_str(&p.detail),
            ApiError::Network(m) => write!(f, "network error: {m}"),
            ApiError::Unexpected { status, message } => {
                write!(f, "unexpected response ({status}): {message}")
            }
        }
    }
}

impl std::error::Error for ApiError {}

fn network(e: impl fmt::Display) -> ApiError {
    ApiError::Network(e.to_string())
}

#[derive(Clone, Copy)]
enum Verb {
    Get,
    Post,
    Patch,
}

/// A refresh in progress, shared by every request that hit a 401 meanwhile: refresh tokens
/// are single use, and presenting one twice makes the server revoke the whole login.
type RefreshFuture = Shared<LocalBoxFuture<'static, Result<Tokens, ApiError>>>;

thread_local! {
    static REFRESH_IN_FLIGHT: RefCell<Option<RefreshFuture>> = const { RefCell::new(None) };
}

/// The API client. `Copy`: hand it to as many closures and futures as needed.
///
/// Tokens live in `localStorage` (the source of truth, shared by tabs); the client mirrors
/// "are there tokens" in a signal so the UI follows logins, logouts and failed refreshes.
#[derive(Clone, Copy)]
pub struct ApiClient {
    signed_in: RwSignal<bool>,
}

impl ApiClient {
    /// Creates the client and provides it as context for the whole app.
    pub fn provide() -> Self {
        let client = ApiClient {
            signed_in: RwSignal::new(tokens::load().is_some()),
        };
        // Another tab logged in or out.
        let _listener = window_event_listener(leptos::ev::storage, move |_| {
            client.signed_in.set(tokens::load().is_some());
        });
        provide_context(client);
        client
    }

    /// Whether tokens are stored (reactive). The access token may still have expired: the
    /// first call that gets a 401 refreshes it, or signs out when that fails.
    pub fn signed_in(&self) -> bool {
        self.signed_in.get()
    }

    /// [`Self::signed_in`] without subscribing to it.
    pub fn signed_in_untracked(&self) -> bool {
        self.signed_in.get_untracked()
    }

    // ---- endpoints ------------------------------------------------------------------

    /// `GET /stats`: the platform's live figures.
    pub async fn stats(self) -> Result<Stats, ApiError> {
        self.json(Verb::Get, "/stats", None).await
    }

    /// `GET /stats/monthly`: the city's figures for the last `months` months, oldest first.
    pub async fn monthly_stats(self, months: u32) -> Result<MonthlyStats, ApiError> {
        self.json(Verb::Get, &format!("/stats/monthly?months={months}"), None)
            .await
    }

    /// `POST /auth/login`; stores the tokens on success.
    pub async fn login(self, request: &LoginRequest) -> Result<(), ApiError> {
        let res = send(Verb::Post, "/auth/login", Some(to_json(request)?), None).await?;
        let issued: TokenResponse = read_json(res).await?;
        self.store(&Tokens::from(issued));
        Ok(())
    }

    /// `GET /me`: the signed-in user and their role grants.
    pub async fn me(self) -> Result<Me, ApiError> {
        self.json(Verb::Get, "/me", None).await
    }

    /// `GET /areas`: one page of areas.
    pub async fn areas(
        self,
        filter: &AreaFilter,
        cursor: Option<&str>,
    ) -> Result<Page<Area>, ApiError> {
        let path = format!(
            "/areas{}",
            Query::new()
                .opt("level", filter.level.map(AreaLevel::as_str))
                .opt("parent_id", filter.parent_id)
                .opt("sort", Some("name"))
                .opt("limit", Some(100))
                .opt("cursor", cursor)
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// Every area that `filter` selects, page after page (for selects: a town's villages, the towns).
    pub async fn all_areas(self, filter: AreaFilter) -> Result<Vec<Area>, ApiError> {
        let mut all = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = self.areas(&filter, cursor.as_deref()).await?;
            all.extend(page.items);
            match page.next_cursor {
                Some(next) if Some(&next) != cursor.as_ref() => cursor = Some(next),
                _ => return Ok(all),
            }
        }
    }

    /// `GET /areas/{id}`
    pub async fn area(self, id: i64) -> Result<Area, ApiError> {
        self.json(Verb::Get, &format!("/areas/{id}"), None).await
    }

    /// `GET /skills`: the skill vocabulary.
    pub async fn skills(self) -> Result<Vec<Skill>, ApiError> {
        self.json(Verb::Get, "/skills", None).await
    }

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

    /// `POST /volunteers`: complete the signed-in user's volunteer profile.
    pub async fn create_volunteer(self, profile: &NewVolunteer) -> Result<Volunteer, ApiError> {
        let body = Some(to_json(profile)?);
        self.json(Verb::Post, "/volunteers", body).await
    }

    /// `GET /volunteers/{id}`
    pub async fn volunteer(self, id: i64) -> Result<Volunteer, ApiError> {
        self.json(Verb::Get, &format!("/volunteers/{id}"), None)
            .await
    }

    /// `GET /me/memberships`: the teams the signed-in volunteer is in or has applied to.
    pub async fn my_memberships(self) -> Result<Vec<Membership>, ApiError> {
        self.json(Verb::Get, "/me/memberships", None).await
    }

    /// `GET /activities`: one page of published activities, soonest first.
    pub async fn activities(
        self,
        filter: &ActivityFilter,
        cursor: Option<&str>,
    ) -> Result<Page<Activity>, ApiError> {
        let path = format!(
            "/activities{}",
            Query::new()
                .opt("q", filter.q.as_deref())
                .opt("within", filter.within)
                .opt("team_id", filter.team_id)
                .opt("venue_id", filter.venue_id)
                .opt("from", filter.from.as_deref())
                .opt("to", filter.to.as_deref())
                .opt("category", filter.category.as_deref())
                .opt("target_group", filter.target_group.as_deref())
                .opt("free", filter.free.then_some("true"))
                .opt("limit", filter.limit)
                .opt("cursor", cursor)
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /activities?team_id=…&status=draft`: a team's drafts, for those who run it.
    pub async fn team_drafts(self, team_id: i64) -> Result<Page<Activity>, ApiError> {
        let path = format!("/activities?team_id={team_id}&status=draft&limit=100");
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /activities/{id}`
    pub async fn activity(self, id: i64) -> Result<Activity, ApiError> {
        let path = format!("/activities/{id}");
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /activities/{id}/sign-ups`: sign the volunteer up; the answer says accepted,
    /// waitlisted or applied (a leader decides).
    pub async fn sign_up(self, activity_id: i64) -> Result<SignUp, ApiError> {
        let path = format!("/activities/{activity_id}/sign-ups");
        self.json(Verb::Post, &path, None).await
    }

    /// `POST /activities/{id}/sign-ups/{sign_up_id}/status` with `cancelled`.
    pub async fn cancel_sign_up(
        self,
        activity_id: i64,
        sign_up_id: i64,
    ) -> Result<SignUp, ApiError> {
        self.set_sign_up_status(activity_id, sign_up_id, SignUpStatus::Cancelled)
            .await
    }

    /// `POST /activities/{id}/sign-ups/{sign_up_id}/status`: a leader accepts or rejects, the
    /// volunteer cancels.
    pub async fn set_sign_up_status(
        self,
        activity_id: i64,
        sign_up_id: i64,
        status: SignUpStatus,
    ) -> Result<SignUp, ApiError> {
        let path = format!("/activities/{activity_id}/sign-ups/{sign_up_id}/status");
        let body = Some(to_json(&SignUpStatusChange { status })?);
        self.json(Verb::Post, &path, body).await
    }

    /// `GET /activities/{id}/sign-ups`: one page (100) of an activity's sign-ups, for its team.
    pub async fn sign_ups(
        self,
        activity_id: i64,
        status: Option<SignUpStatus>,
    ) -> Result<Page<SignUp>, ApiError> {
        let path = format!(
            "/activities/{activity_id}/sign-ups{}",
            Query::new()
                .opt("status", status.map(SignUpStatus::as_str))
                .opt("limit", Some(100))
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /me/sign-ups`: my sign-ups with their activities, latest start first.
    pub async fn my_sign_ups(self) -> Result<Vec<MySignUp>, ApiError> {
        self.json(Verb::Get, "/me/sign-ups", None).await
    }

    /// `POST /venues/{id}/scans`: a scanned token checks its volunteer in, or out.
    pub async fn venue_scan(
        self,
        venue_id: i64,
        token: String,
    ) -> Result<VenueScanResult, ApiError> {
        let path = format!("/venues/{venue_id}/scans");
        let body = Some(to_json(&VenueScan { token })?);
        self.json(Verb::Post, &path, body).await
    }

    /// `GET /service-records`: one page of the records of the teams I lead, by status.
    pub async fn service_records(
        self,
        status: RecordStatus,
        cursor: Option<&str>,
    ) -> Result<Page<ServiceRecord>, ApiError> {
        let path = format!(
            "/service-records{}",
            Query::new()
                .opt("status", Some(status.as_str()))
                .opt("limit", Some(50))
                .opt("cursor", cursor)
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /service-records/{id}/verification`: `verified` or `disputed`.
    pub async fn verify_record(
        self,
        id: i64,
        status: RecordStatus,
    ) -> Result<ServiceRecord, ApiError> {
        let path = format!("/service-records/{id}/verification");
        let body = Some(to_json(&RecordDecision { status })?);
        self.json(Verb::Post, &path, body).await
    }

    /// `GET /volunteers/{id}/star`
    pub async fn star(self, volunteer_id: i64) -> Result<StarLevel, ApiError> {
        let path = format!("/volunteers/{volunteer_id}/star");
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /me/points`: my balance and ledger.
    pub async fn my_points(self) -> Result<PointsAccount, ApiError> {
        self.json(Verb::Get, "/me/points", None).await
    }

    /// `GET /volunteers/{id}/honours`
    pub async fn honours(self, volunteer_id: i64) -> Result<Vec<Honour>, ApiError> {
        let path = format!("/volunteers/{volunteer_id}/honours");
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /rewards`: the courtesy catalogue.
    pub async fn rewards(self) -> Result<Vec<Reward>, ApiError> {
        self.json(Verb::Get, "/rewards", None).await
    }

    /// `POST /rewards/{id}/redemptions`: spends my points on a courtesy; answers with the voucher.
    pub async fn redeem_reward(self, id: i64) -> Result<Voucher, ApiError> {
        let path = format!("/rewards/{id}/redemptions");
        self.json(Verb::Post, &path, None).await
    }

    /// `GET /vouchers`: my vouchers, newest first.
    pub async fn my_vouchers(self) -> Result<Vec<Voucher>, ApiError> {
        self.json(Verb::Get, "/vouchers", None).await
    }

    /// `POST /vouchers/{code}/redeem` (the provider) or `/cancel` (the holder).
    pub async fn voucher_step(self, code: &str, redeem: bool) -> Result<Voucher, ApiError> {
        let path = format!(
            "/vouchers/{}/{}",
            encode_segment(code.trim()),
            if redeem { "redeem" } else { "cancel" }
        );
        self.json(Verb::Post, &path, None).await
    }

    /// `GET /projects`: one page of published service projects.
    pub async fn projects(
        self,
        filter: &ProjectFilter,
        cursor: Option<&str>,
    ) -> Result<Page<Project>, ApiError> {
        let path = format!(
            "/projects{}",
            Query::new()
                .opt("q", filter.q.as_deref())
                .opt("category", filter.category.as_deref())
                .opt("target_group", filter.target_group.as_deref())
                .opt("level", filter.level.map(AreaLevel::as_str))
                .opt("batch_id", filter.batch_id)
                .opt("limit", Some(20))
                .opt("cursor", cursor)
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /projects/{id}`
    pub async fn project(self, id: i64) -> Result<Project, ApiError> {
        let path = format!("/projects/{id}");
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /projects?status=&within=&owner_team_id=`: up to 100 projects in one status, newest
    /// first (statuses other than published and closed need `within` an area the user reviews).
    pub async fn projects_in(
        self,
        status: ProjectStatus,
        within: Option<i64>,
        owner_team_id: Option<i64>,
    ) -> Result<Page<Project>, ApiError> {
        let path = format!(
            "/projects{}",
            Query::new()
                .opt("status", Some(status.as_str()))
                .opt("within", within)
                .opt("owner_team_id", owner_team_id)
                .opt("sort", Some("-id"))
                .opt("limit", Some(100))
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /projects`: a draft project.
    pub async fn create_project(self, project: &NewProject) -> Result<Project, ApiError> {
        let body = Some(to_json(project)?);
        self.json(Verb::Post, "/projects", body).await
    }

    /// `POST /projects/{id}/reviews`: submit, approve into a batch, reject with a reason, close.
    pub async fn review_project(
        self,
        id: i64,
        review: &NewProjectReview,
    ) -> Result<Project, ApiError> {
        let path = format!("/projects/{id}/reviews");
        let body = Some(to_json(review)?);
        self.json(Verb::Post, &path, body).await
    }

    /// `POST /activities`: a draft activity of a published project.
    pub async fn create_activity(self, activity: &NewActivity) -> Result<Activity, ApiError> {
        let body = Some(to_json(activity)?);
        self.json(Verb::Post, "/activities", body).await
    }

    /// `POST /activities/{id}/transitions`: publish, cancel (with a reason), start, finish.
    pub async fn activity_step(
        self,
        id: i64,
        step: &NewActivityTransition,
    ) -> Result<Activity, ApiError> {
        let path = format!("/activities/{id}/transitions");
        let body = Some(to_json(step)?);
        self.json(Verb::Post, &path, body).await
    }

    /// `GET /project-batches`: the release batches.
    pub async fn project_batches(self) -> Result<Vec<ProjectBatch>, ApiError> {
        self.json(Verb::Get, "/project-batches", None).await
    }

    /// `GET /rewards?include_inactive=true`: the whole catalogue, for its managers.
    pub async fn all_rewards(self) -> Result<Vec<Reward>, ApiError> {
        let path = "/rewards?include_inactive=true";
        self.json(Verb::Get, path, None).await
    }

    /// `POST /rewards`: a new courtesy (platform admin).
    pub async fn create_reward(self, reward: &NewReward) -> Result<Reward, ApiError> {
        let body = Some(to_json(reward)?);
        self.json(Verb::Post, "/rewards", body).await
    }

    /// `PATCH /rewards/{id}`: changes, a restock (`stock_delta`), on or off sale (`active`).
    pub async fn update_reward(self, id: i64, patch: &RewardPatch) -> Result<Reward, ApiError> {
        let path = format!("/rewards/{id}");
        let body = Some(to_json(patch)?);
        self.json(Verb::Patch, &path, body).await
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

    /// `POST /activities/{id}/check-ins` with a scanned QR token: the volunteer's sign-up.
    pub async fn check_in_qr(self, activity_id: i64, token: String) -> Result<SignUp, ApiError> {
        let path = format!("/activities/{activity_id}/check-ins");
        let body = Some(to_json(&qr_check(token))?);
        self.json(Verb::Post, &path, body).await
    }

    /// `POST /activities/{id}/check-outs` with a scanned QR token: the service record it made.
    pub async fn check_out_qr(
        self,
        activity_id: i64,
        token: String,
    ) -> Result<ServiceRecord, ApiError> {
        let path = format!("/activities/{activity_id}/check-outs");
        let body = Some(to_json(&qr_check(token))?);
        self.json(Verb::Post, &path, body).await
    }

    /// `GET /venues/{id}`
    pub async fn venue(self, id: i64) -> Result<Venue, ApiError> {
        let path = format!("/venues/{id}");
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /me/check-in-token`: the signed-in volunteer's current QR token.
    pub async fn check_in_token(self) -> Result<CheckInToken, ApiError> {
        self.json(Verb::Get, "/me/check-in-token", None).await
    }

    /// `GET /volunteers/{id}/service-records`: the records and verified totals.
    pub async fn service_history(self, volunteer_id: i64) -> Result<ServiceHistory, ApiError> {
        let path = format!("/volunteers/{volunteer_id}/service-records");
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /volunteers/{id}/certificate` (`?format=pdf` for the PDF), as a `blob:` URL the
    /// browser can open: the request needs the bearer token, so a plain link cannot carry it.
    /// Revoke the URL with [`revoke_object_url`] when done.
    pub async fn certificate_url(self, volunteer_id: i64, pdf: bool) -> Result<String, ApiError> {
        let path = format!(
            "/volunteers/{volunteer_id}/certificate{}",
            if pdf { "?format=pdf" } else { "" }
        );
        let res = self.authorized(Verb::Get, &path, None).await?;
        let status = res.status();
        if !(200..300).contains(&status) {
            let text = res.text().await.map_err(network)?;
            return Err(error_from(status, &text));
        }
        let kind = res
            .headers()
            .get("content-type")
            .unwrap_or_else(|| "text/html;charset=utf-8".to_owned());
        let bytes = res.binary().await.map_err(network)?;
        object_url(&bytes, &kind).ok_or_else(|| ApiError::Unexpected {
            status,
            message: "cannot make a blob URL".to_owned(),
        })
    }

    /// `GET /certificates/{code}`: the public check of a certificate's verification code.
    pub async fn certificate_check(self, code: &str) -> Result<CertificateCheck, ApiError> {
        let path = format!("/certificates/{}", encode_segment(code.trim()));
        read_json(send(Verb::Get, &path, None, None).await?).await
    }

    /// `POST /auth/logout`. Signs out locally first, so the UI never waits on the server; the
    /// server call only revokes the refresh token, and a failure there changes nothing here.
    pub async fn logout(self) {
        let Some(current) = tokens::load() else {
            self.forget();
            return;
        };
        self.forget();
        let body = to_json(&RefreshRequest {
            refresh_token: current.refresh,
        });
        if let Ok(body) = body {
            // The answer does not matter: this side has signed out already.
            let _ = send(Verb::Post, "/auth/logout", Some(body), None).await;
        }
    }

    // ---- tokens -------------------------------------------------------------------

    fn store(self, t: &Tokens) {
        tokens::save(t);
        self.signed_in.set(tokens::load().is_some());
    }

    fn forget(self) {
        tokens::clear();
        self.signed_in.set(false);
    }

    /// `authorized` and the answer's body: the one request future every endpoint awaits.
    /// Boxed, so its state machine is compiled once instead of into each endpoint's future
    /// (that copy per endpoint was a sixth of the bundle).
    fn exchange(
        self,
        verb: Verb,
        path: String,
        body: Option<String>,
    ) -> LocalBoxFuture<'static, Result<(u16, String), ApiError>> {
        async move {
            let res = self.authorized(verb, &path, body).await?;
            let status = res.status();
            let text = res.text().await.map_err(network)?;
            Ok((status, text))
        }
        .boxed_local()
    }

    /// A JSON answer as `T`; a problem document as an error.
    async fn json<T: DeserializeOwned>(
        self,
        verb: Verb,
        path: &str,
        body: Option<String>,
    ) -> Result<T, ApiError> {
        let (status, text) = self.exchange(verb, path.to_owned(), body).await?;
        parse(status, &text)
    }

    /// Sends a request with the bearer token, if any. On a 401 it refreshes the tokens once and
    /// retries; when the refresh is refused it signs out and hands back the original 401.
    async fn authorized(
        self,
        verb: Verb,
        path: &str,
        body: Option<String>,
    ) -> Result<Response, ApiError> {
        let Some(used) = tokens::load() else {
            return send(verb, path, body, None).await;
        };
        let res = send(verb, path, body.clone(), Some(&used.access)).await?;
        if res.status() != 401 {
            return Ok(res);
        }
        match self.refreshed(&used).await {
            Ok(fresh) => send(verb, path, body, Some(&fresh.access)).await,
            Err(_) => Ok(res),
        }
    }

    /// Tokens newer than `used`: the ones another request (or tab) already got, or a refresh.
    async fn refreshed(self, used: &Tokens) -> Result<Tokens, ApiError> {
        if let Some(current) = tokens::load()
            && current.access != used.access
        {
            return Ok(current);
        }
        let refresh = REFRESH_IN_FLIGHT.with(|slot| {
            let mut slot = slot.borrow_mut();
            match slot.as_ref() {
                Some(running) => running.clone(),
                None => {
                    let started = self.refresh(used.refresh.clone()).boxed_local().shared();
                    *slot = Some(started.clone());
                    started
                }
            }
        });
        let outcome = refresh.clone().await;
        REFRESH_IN_FLIGHT.with(|slot| {
            let mut slot = slot.borrow_mut();
            if slot.as_ref().is_some_and(|f| f.ptr_eq(&refresh)) {
                *slot = None;
            }
        });
        outcome
    }

    /// `POST /auth/refresh`. A refusal ends this login (sign out), unless another tab has
    /// rotated the tokens meanwhile; a network failure leaves the tokens alone.
    async fn refresh(self, refresh_token: String) -> Result<Tokens, ApiError> {
        let body = to_json(&RefreshRequest {
            refresh_token: refresh_token.clone(),
        })?;
        let outcome = match send(Verb::Post, "/auth/refresh", Some(body), None).await {
            Ok(res) => read_json::<TokenResponse>(res).await.map(Tokens::from),
            Err(e) => Err(e),
        };
        match &outcome {
            Ok(fresh) => self.store(fresh),
            Err(ApiError::Network(_)) => {}
            Err(_) => {
                if tokens::load().is_none_or(|t| t.refresh == refresh_token) {
                    self.forget();
                }
            }
        }
        outcome
    }
}

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
    /// Page size (server default 20).
    pub limit: Option<u32>,
}

fn qr_check(token: String) -> CheckRequest {
    CheckRequest {
        method: CheckMethod::Qr,
        token: Some(token),
        volunteer_id: None,
        latitude: None,
        longitude: None,
    }
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

/// A `blob:` URL for these bytes (free it with [`revoke_object_url`]).
pub fn object_url(bytes: &[u8], kind: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(kind);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Frees a URL made by [`ApiClient::certificate_url`].
pub fn revoke_object_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// The client provided by the app root.
pub fn use_api() -> ApiClient {
    expect_context::<ApiClient>()
}

fn to_json(body: &impl Serialize) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|e| ApiError::Unexpected {
        status: 0,
        message: e.to_string(),
    })
}

async fn send(
    verb: Verb,
    path: &str,
    body: Option<String>,
    bearer: Option<&str>,
) -> Result<Response, ApiError> {
    let url = format!("{BASE}{path}");
    let mut builder = match verb {
        Verb::Get => Request::get(&url),
        Verb::Post => Request::post(&url),
        Verb::Patch => Request::patch(&url),
    }
    .header("Accept", "application/json, application/problem+json");
    if let Some(token) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match body {
        Some(json) => builder
            .header("Content-Type", "application/json")
            .body(json),
        None => builder.build(),
    }
    .map_err(network)?;
    request.send().await.map_err(network)
}

/// A 2xx body as `T`, anything else as an error.
async fn read_json<T: DeserializeOwned>(res: Response) -> Result<T, ApiError> {
    let status = res.status();
    let text = res.text().await.map_err(network)?;
    parse(status, &text)
}

/// A 2xx body as `T`, anything else as an error. Synchronous, so the per-type code is only
/// the deserializer.
fn parse<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, ApiError> {
    if !(200..300).contains(&status) {
        return Err(error_from(status, text));
    }
    serde_json::from_str(text).map_err(|e| ApiError::Unexpected {
        status,
        message: e.to_string(),
    })
}

/// Parses a problem document; anything else (a proxy's HTML page) becomes `Unexpected`.
fn error_from(status: u16, body: &str) -> ApiError {
    match serde_json::from_str::<Problem>(body) {
        Ok(problem) => ApiError::Problem(Box::new(problem)),
        Err(_) => ApiError::Unexpected {
            status,
            message: body.chars().take(200).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_documents_become_typed_errors_with_field_errors() {
        let body = r#"{"type":"https://youai.example/problems/validation_failed","title":"请求内容有误",
            "status":422,"detail":"1 个字段未通过校验","code":"validation_failed",
            "errors":[{"field":"phone","code":"invalid_phone","message":"手机号须为 11 位中国大陆手机号"}]}"#;
        let e = error_from(422, body);
        assert_eq!(e.code(), Some("validation_failed"));
        assert_eq!(e.to_string(), "1 个字段未通过校验");
        assert_eq!(
            e.field_message("phone"),
            Some("手机号须为 11 位中国大陆手机号")
        );
        assert_eq!(e.field_message("password"), None);
    }

    #[test]
    fn forms_take_their_fields_and_leave_the_rest() {
        let body = r#"{"type":"t","title":"t","status":422,"detail":"2 处内容未通过校验","code":"validation_failed",
            "errors":[{"field":"real_name","code":"required","message":"不能为空"},
                      {"field":"availability","code":"bad","message":"时段无效"}]}"#;
        let e = error_from(422, body);
        let rest = e.without_fields(&["real_name"]).unwrap();
        assert_eq!(rest.field_errors().len(), 1);
        assert_eq!(rest.field_message("availability"), Some("时段无效"));
        assert!(e.without_fields(&["real_name", "availability"]).is_none());
        assert!(e.is("required") && e.is("validation_failed") && !e.is("conflict"));
        let network = ApiError::Network("offline".into());
        assert_eq!(
            network.without_fields(&["real_name"]),
            Some(network.clone())
        );
    }

    #[test]
    fn non_problem_bodies_are_unexpected() {
        let e = error_from(502, "<html>Bad Gateway</html>");
        assert!(matches!(e, ApiError::Unexpected { status: 502, .. }));
        assert!(e.field_errors().is_empty());
        assert_eq!(e.code(), None);
    }
}
