//! Service records and a volunteer's history as the wire shows them.

use std::collections::BTreeMap;

use youai_domain::service_records::hours_of_quarters;
use youai_types::{HoursBy, ServiceHistory, ServiceRecord};

use crate::convert::utc;
use crate::services::service_records::{History, NamedRecord};

pub fn record(n: NamedRecord) -> ServiceRecord {
    let r = n.record;
    ServiceRecord {
        id: r.id,
        volunteer_id: r.volunteer_id,
        activity_id: r.activity_id,
        team_id: r.team_id,
        hours: hours_of_quarters(i64::from(r.quarters)),
        source: r.source,
        status: r.status,
        corrects_id: r.corrects_id,
        reason: r.reason,
        category: r.category,
        served_on: r.served_on,
        verified_at: r.verified_at.map(utc),
        created_at: utc(r.created_at),
        superseded: n.superseded,
        volunteer_name: n.volunteer_name,
        activity_title: n.activity_title,
    }
}

/// A row just written, shown without names.
pub fn bare(r: youai_db::records::Record) -> ServiceRecord {
    record(NamedRecord::bare(r))
}

fn hours_by(m: BTreeMap<String, i64>) -> Vec<HoursBy> {
    m.into_iter()
        .map(|(key, q)| HoursBy {
            key,
            hours: hours_of_quarters(q),
        })
        .collect()
}

pub fn history(h: History) -> ServiceHistory {
    let t = h.totals;
    ServiceHistory {
        total_hours: hours_of_quarters(t.quarters),
        by_year: hours_by(t.by_year),
        by_team: hours_by(t.by_team),
        by_category: hours_by(t.by_category),
        records: h.records.into_iter().map(record).collect(),
    }
}
