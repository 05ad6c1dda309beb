//! Activities, their sign-ups and check-ins, and the venues they are at.

use youai_types::{
    Activity, CheckMethod, CheckRequest, NewActivity, NewActivityTransition, Page, ServiceRecord,
    SignUp, SignUpStatus, SignUpStatusChange, Venue, VenueScan, VenueScanResult,
};

use super::{ActivityFilter, ApiClient, ApiError, Query, Verb, to_json};

impl ApiClient {
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
                .opt("near", filter.near.as_deref())
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

    /// `POST /activities/{id}/check-ins`, or `check-outs` when `out`: the leader checks a
    /// volunteer in or out by hand (no code to scan).
    pub async fn check_by_hand(
        self,
        activity_id: i64,
        volunteer_id: i64,
        out: bool,
    ) -> Result<(), ApiError> {
        let path = if out {
            format!("/activities/{activity_id}/check-outs")
        } else {
            format!("/activities/{activity_id}/check-ins")
        };
        let body = Some(to_json(&CheckRequest {
            method: CheckMethod::Leader,
            token: None,
            code: None,
            volunteer_id: Some(volunteer_id),
            latitude: None,
            longitude: None,
        })?);
        // A sign-up, or the service record a check-out made: either way, done.
        self.json::<serde_json::Value>(Verb::Post, &path, body)
            .await
            .map(|_| ())
    }

    /// `POST /activities/{id}/check-ins`, or `check-outs` when `out`: the volunteer checks
    /// themself in or out where they stand (within the activity's radius).
    pub async fn check_self(
        self,
        activity_id: i64,
        (latitude, longitude): (f64, f64),
        out: bool,
    ) -> Result<(), ApiError> {
        let path = if out {
            format!("/activities/{activity_id}/check-outs")
        } else {
            format!("/activities/{activity_id}/check-ins")
        };
        let body = Some(to_json(&CheckRequest {
            method: CheckMethod::SelfService,
            token: None,
            code: None,
            volunteer_id: None,
            latitude: Some(latitude),
            longitude: Some(longitude),
        })?);
        // A sign-up, or the service record a check-out made: the page reads my sign-up again.
        self.json::<serde_json::Value>(Verb::Post, &path, body)
            .await
            .map(|_| ())
    }

    /// `GET /venues/{id}`
    pub async fn venue(self, id: i64) -> Result<Venue, ApiError> {
        let path = format!("/venues/{id}");
        self.json(Verb::Get, &path, None).await
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
}

/// A scanned token, or the six digits typed from under the QR code (spaces allowed).
fn qr_check(scanned: String) -> CheckRequest {
    let digits: String = scanned.chars().filter(|c| !c.is_whitespace()).collect();
    let typed = digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit());
    CheckRequest {
        method: CheckMethod::Qr,
        token: (!typed).then_some(scanned),
        code: typed.then_some(digits),
        volunteer_id: None,
        latitude: None,
        longitude: None,
    }
}
