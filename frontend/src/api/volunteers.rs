//! Volunteers: the profile, star level, honours, service records (and their verification)
//! and the service certificate.

use youai_types::{
    CertificateCheck, Honour, NewCorrection, NewServiceRecord, NewVolunteer, Page, RecordDecision,
    RecordStatus, ServiceHistory, ServiceRecord, StarLevel, Volunteer, VolunteerPatch,
};

use super::{
    ApiClient, ApiError, Query, Verb, encode_segment, error_from, network, read_json, send, to_json,
};

impl ApiClient {
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

    /// `GET /volunteers/{id}`, read for its area only: the home page's "my area" needs no more,
    /// and a small reader keeps the whole profile's out of the first download.
    pub async fn volunteer_area(self, id: i64) -> Result<i64, ApiError> {
        #[derive(serde::Deserialize)]
        struct AreaOf {
            area_id: i64,
        }
        let v: AreaOf = self
            .json(Verb::Get, &format!("/volunteers/{id}"), None)
            .await?;
        Ok(v.area_id)
    }

    /// `PATCH /volunteers/{id}`: my area, skills or guardian, changed.
    pub async fn update_volunteer(
        self,
        id: i64,
        patch: &VolunteerPatch,
    ) -> Result<Volunteer, ApiError> {
        let body = Some(to_json(patch)?);
        self.json(Verb::Patch, &format!("/volunteers/{id}"), body)
            .await
    }

    /// `GET /volunteers/{id}/star`
    pub async fn star(self, volunteer_id: i64) -> Result<StarLevel, ApiError> {
        let path = format!("/volunteers/{volunteer_id}/star");
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /volunteers/{id}/honours`
    pub async fn honours(self, volunteer_id: i64) -> Result<Vec<Honour>, ApiError> {
        let path = format!("/volunteers/{volunteer_id}/honours");
        self.json(Verb::Get, &path, None).await
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

    /// `POST /volunteers/{id}/certificates`: my certificate as of today, with the code of its
    /// shareable page.
    pub async fn issue_certificate(self, volunteer_id: i64) -> Result<CertificateCheck, ApiError> {
        let path = format!("/volunteers/{volunteer_id}/certificates");
        self.json(Verb::Post, &path, None).await
    }

    /// `GET /volunteers?q=`: the volunteers whose name, number or phone has `q` (staff, in
    /// their areas).
    pub async fn find_volunteers(self, q: &str) -> Result<Page<Volunteer>, ApiError> {
        let path = format!(
            "/volunteers{}",
            Query::new()
                .opt("q", Some(q.trim()))
                .opt("limit", Some(20))
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /certificates/{code}`: the public check of a certificate's verification code.
    pub async fn certificate_check(self, code: &str) -> Result<CertificateCheck, ApiError> {
        let path = format!("/certificates/{}", encode_segment(code.trim()));
        read_json(send(Verb::Get, &path, None, None).await?).await
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

    /// `GET /service-records?status=verified&sort=-id`: the latest 100 verified records of the
    /// teams I lead (those a correction replaced say so).
    pub async fn verified_records(self) -> Result<Page<ServiceRecord>, ApiError> {
        let path = format!(
            "/service-records{}",
            Query::new()
                .opt("status", Some(RecordStatus::Verified.as_str()))
                .opt("sort", Some("-id"))
                .opt("limit", Some(100))
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /service-records`: a leader enters hours for a volunteer of an activity (pending
    /// until verified).
    pub async fn enter_record(self, record: &NewServiceRecord) -> Result<ServiceRecord, ApiError> {
        let body = Some(to_json(record)?);
        self.json(Verb::Post, "/service-records", body).await
    }

    /// `POST /service-records/{id}/corrections`: new hours for a verified record, with a reason.
    pub async fn correct_record(
        self,
        id: i64,
        correction: &NewCorrection,
    ) -> Result<ServiceRecord, ApiError> {
        let path = format!("/service-records/{id}/corrections");
        let body = Some(to_json(correction)?);
        self.json(Verb::Post, &path, body).await
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
