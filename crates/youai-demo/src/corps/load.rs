//! Writing the corps plan: skills, teams (parents first), their first decisions, the demo
//! volunteers' accounts, volunteers with their skills, and memberships, in one transaction.

use std::collections::{HashMap, HashSet};

use anyhow::{Context, anyhow};
use chrono::NaiveDate;
use youai_api::crypto::DataKey;
use youai_db::{DbConn, areas, skills, teams, users, volunteers};
use youai_domain::idcard;
use youai_types::{Gender, MemberRole, MembershipStatus, TeamAction, TeamKind, TeamStatus};

use super::catalogue::SKILLS;
use super::plan::plan;
use super::planner::Place;
use crate::logins::{DEMO_LOGINS, is_corps_login};

/// What [`load_corps`] added.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CorpsReport {
    pub skills: usize,
    /// Teams added, pending registrations included.
    pub teams: usize,
    pub pending: usize,
    pub volunteers: usize,
    /// Active memberships.
    pub memberships: usize,
    /// Join requests waiting for a decision.
    pub applications: usize,
    /// Approved teams by kind.
    pub by_kind: Vec<(String, usize)>,
}

/// Adds the demo corps to a database that has the demo city ([`crate::city::load`]) but no
/// teams yet; does nothing (and reports zeros) when any team exists. One transaction. Birth
/// dates count back from `as_of`'s year, and memberships date from the day before it.
pub fn load_corps(
    conn: &mut DbConn,
    key: &DataKey,
    as_of: NaiveDate,
) -> anyhow::Result<CorpsReport> {
    conn.write_transaction(|conn| {
        if teams::count_all(conn)? > 0 {
            return Ok(CorpsReport::default());
        }
        let places: Vec<Place> = areas::subtree(conn, "/")?.iter().map(Place::from).collect();
        let plan = plan(&places, as_of)?;
        let mut report = CorpsReport::default();

        let mut skill_ids = Vec::with_capacity(SKILLS.len());
        for (code, name, name_en) in SKILLS {
            let skill = match skills::find_by_code_or_name(conn, code, name)? {
                Some(s) => s,
                None => {
                    report.skills += 1;
                    skills::insert(conn, code, name, Some(name_en))?
                }
            };
            skill_ids.push(skill.id);
        }

        // Teams, parents first.
        let mut team_rows: Vec<(i64, String)> = Vec::with_capacity(plan.teams.len());
        let mut by_kind: HashMap<TeamKind, usize> = HashMap::new();
        let mut decisions: Vec<teams::NewDecision> = Vec::with_capacity(plan.teams.len());
        for t in &plan.teams {
            let parent = match t.parent {
                Some(i) => Some(
                    team_rows
                        .get(i)
                        .cloned()
                        .ok_or_else(|| anyhow!("team {} comes before its parent", t.name))?,
                ),
                None => None,
            };
            let fields = teams::TeamFields {
                parent_id: parent.as_ref().map(|p| p.0),
                kind: t.kind,
                name: t.name.clone(),
                area_id: t.area_id,
                specialty: t.specialty.clone(),
                description: Some(t.description.clone()),
                contact_name: Some(t.contact_name.clone()),
                contact_phone: Some(t.contact_phone.clone()),
                logo_url: None,
            };
            // Each team's first decision, as `teams::record_decision` writes it.
            let (status, action) = if t.pending {
                (TeamStatus::Pending, TeamAction::Apply)
            } else {
                (TeamStatus::Approved, TeamAction::Create)
            };
            let row = teams::insert(
                conn,
                &fields,
                parent.as_ref().map(|p| p.1.as_str()),
                status,
                None,
            )
            .with_context(|| format!("team {}", t.name))?;
            decisions.push(teams::NewDecision {
                team_id: row.id,
                action,
                from_status: None,
                to_status: status,
            });
            if t.pending {
                report.pending += 1;
            } else {
                *by_kind.entry(t.kind).or_default() += 1;
            }
            team_rows.push((row.id, row.path));
        }
        report.teams = team_rows.len();
        teams::insert_decisions(conn, &decisions)?;

        // The demo volunteers' accounts.
        let mut accounts: HashMap<&str, i64> = HashMap::new();
        for d in DEMO_LOGINS.iter().filter(|d| is_corps_login(d.phone)) {
            let user = match users::find_by_phone(conn, d.phone)? {
                Some(u) => u,
                None => {
                    let hash =
                        youai_api::auth::hash_password(d.password).map_err(|e| anyhow!("{e}"))?;
                    users::insert(conn, d.phone, d.name, &hash)?
                }
            };
            accounts.insert(d.phone, user.id);
        }

        // Volunteers. On a database that already has some, skip the phones, accounts and ID
        // numbers they hold (the demo logins keep their existing profile).
        let fresh = volunteers::count(conn)? == 0;
        let mut ids: Vec<Option<i64>> = vec![None; plan.volunteers.len()];
        let mut rows = Vec::with_capacity(plan.volunteers.len());
        let mut row_of = Vec::with_capacity(plan.volunteers.len());
        for (i, v) in plan.volunteers.iter().enumerate() {
            let user_id = v.login.and_then(|l| accounts.get(l).copied());
            if !fresh {
                let by_user = match user_id {
                    Some(u) => volunteers::find_by_user(conn, u)?,
                    None => None,
                };
                if let Some(existing) = by_user.or(volunteers::find_by_phone(conn, &v.phone)?) {
                    if v.login.is_some()
                        && let Some(slot) = ids.get_mut(i)
                    {
                        *slot = Some(existing.id);
                    }
                    continue;
                }
            }
            let (mut enc, mut hash, mut mask) = (None, None, None);
            if let Some(raw) = &v.id_number {
                let id = idcard::parse(raw).with_context(|| format!("ID number of {}", v.phone))?;
                let h = key.fingerprint(id.as_str()).map_err(anyhow::Error::msg)?;
                if fresh || !volunteers::id_number_taken(conn, &h, None)? {
                    enc = Some(key.encrypt(id.as_str()).map_err(anyhow::Error::msg)?);
                    hash = Some(h);
                    mask = Some(id.masked());
                }
            }
            rows.push(volunteers::NewVolunteer {
                user_id,
                real_name: v.real_name.clone(),
                phone: v.phone.clone(),
                gender: if v.male { Gender::Male } else { Gender::Female },
                birth_date: v.birth_date,
                area_id: v.area_id,
                id_number_enc: enc,
                id_number_hash: hash,
                id_number_mask: mask,
                guardian_name: v.guardian.as_ref().map(|g| g.0.clone()),
                guardian_phone: v.guardian.as_ref().map(|g| g.1.clone()),
                availability: youai_db::json::Json(v.availability.clone()),
            });
            row_of.push(i);
        }
        let inserted: HashMap<String, i64> = volunteers::insert_many(conn, &rows)?
            .into_iter()
            .map(|(id, phone)| (phone, id))
            .collect();
        report.volunteers = inserted.len();
        for i in row_of {
            if let (Some(v), Some(slot)) = (plan.volunteers.get(i), ids.get_mut(i)) {
                *slot = inserted.get(&v.phone).copied();
            }
        }
        let new_ids: HashSet<i64> = inserted.values().copied().collect();
        let mut pairs = Vec::new();
        for (i, v) in plan.volunteers.iter().enumerate() {
            if let Some(Some(id)) = ids.get(i)
                && new_ids.contains(id)
            {
                pairs.extend(
                    v.skills
                        .iter()
                        .filter_map(|s| skill_ids.get(*s).map(|sid| (*id, *sid))),
                );
            }
        }
        skills::insert_volunteer_skills(conn, &pairs)?;

        // Memberships.
        // Members since the eve of the demo's day (China time 09:00, stored UTC).
        let at = (as_of - chrono::Duration::days(1)).and_time(chrono::NaiveTime::MIN)
            + chrono::Duration::hours(1);
        let mut member_rows = Vec::with_capacity(plan.members.len());
        for m in &plan.members {
            let (Some((team_id, _)), Some(Some(volunteer_id))) =
                (team_rows.get(m.team), ids.get(m.volunteer))
            else {
                continue;
            };
            if m.applied {
                report.applications += 1;
            } else {
                report.memberships += 1;
            }
            member_rows.push(teams::NewMember {
                team_id: *team_id,
                volunteer_id: *volunteer_id,
                role: if m.leader {
                    MemberRole::Leader
                } else {
                    MemberRole::Member
                },
                status: if m.applied {
                    MembershipStatus::Applied
                } else {
                    MembershipStatus::Active
                },
                message: m.message,
                applied_at: at,
                decided_at: (!m.applied).then_some(at),
            });
        }
        teams::insert_members(conn, &member_rows)?;

        let mut kinds: Vec<(String, usize)> = by_kind
            .into_iter()
            .map(|(k, n)| (k.as_str().to_owned(), n))
            .collect();
        kinds.sort();
        report.by_kind = kinds;
        Ok(report)
    })
}
