//! What a scan at a venue did, as the wire shows it.

use youai_types::VenueScanResult;

use super::service_records;
use crate::services::checkins::{ScanOutcome, Scanned};

pub fn venue_scan(o: ScanOutcome) -> VenueScanResult {
    let (action, sign_up, record) = match o.scanned {
        Scanned::CheckedIn(s) => (
            "check_in",
            Some(super::sign_up(s.sign_up, s.volunteer_name)),
            None,
        ),
        Scanned::CheckedOut(r) => ("check_out", None, Some(service_records::record(r))),
    };
    VenueScanResult {
        action: action.into(),
        activity_id: o.activity.id,
        activity_title: o.activity.title,
        volunteer_name: o.volunteer_name,
        sign_up,
        record,
    }
}
