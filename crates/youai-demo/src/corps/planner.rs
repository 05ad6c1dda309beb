//! The corps plan's types and the [`Planner`] that builds it: names, phones and ID numbers
//! kept unique, volunteers drawn from the catalogue's tables, memberships recorded.

use std::collections::HashSet;

use anyhow::anyhow;
use chrono::{Datelike, NaiveDate};
use youai_db::areas;
use youai_domain::idcard;
use youai_types::{Slot, TeamKind};

use super::catalogue::{
    AGE_BANDS, PHONE_PREFIXES, SKILL_WEIGHTS, SURNAME_WEIGHTS, WEEKDAY_WEIGHTS, WINDOWS,
};
use crate::rng::SplitMix64;
use youai_types::AreaLevel;

/// 张家港市's administrative region code, the first six digits of its residents' ID numbers.
const REGION: &str = "320582";

/// A GB 11643 ID number: the region, the birth date, a sequence number whose last digit is odd
/// for men and even for women (`seq` picks one of the 500 allowed), and the check character
/// ([`idcard::with_checksum`]).
pub fn id_number(birth: NaiveDate, male: bool, seq: u32) -> anyhow::Result<String> {
    let seq = (seq % 500) * 2 + u32::from(male);
    let first17 = format!("{REGION}{}{seq:03}", birth.format("%Y%m%d"));
    idcard::with_checksum(&first17).map_err(|e| anyhow!("{first17}: {e}"))
}

#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub level: AreaLevel,
    pub name: String,
}

impl From<&areas::Area> for Place {
    fn from(a: &areas::Area) -> Self {
        Place {
            id: a.id,
            parent_id: a.parent_id,
            level: a.level,
            name: a.name.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanTeam {
    /// Index of the parent team in [`Plan::teams`] (always earlier).
    pub parent: Option<usize>,
    pub kind: TeamKind,
    pub name: String,
    pub area_id: i64,
    pub specialty: Option<String>,
    pub description: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// A registration waiting for approval; otherwise approved.
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanVolunteer {
    pub real_name: String,
    pub phone: String,
    pub male: bool,
    pub birth_date: NaiveDate,
    pub area_id: i64,
    pub id_number: Option<String>,
    /// (name, phone) for 14–17-year-olds.
    pub guardian: Option<(String, String)>,
    /// Indices into [`SKILLS`].
    pub skills: Vec<usize>,
    /// The weekly slots the volunteer can serve in.
    pub availability: Vec<Slot>,
    /// The demo login whose account this volunteer is.
    pub login: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanMember {
    pub team: usize,
    pub volunteer: usize,
    pub leader: bool,
    /// A join request waiting for a decision; otherwise active.
    pub applied: bool,
    pub message: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub teams: Vec<PlanTeam>,
    pub volunteers: Vec<PlanVolunteer>,
    pub members: Vec<PlanMember>,
}

pub(super) struct Village {
    pub id: i64,
    pub name: String,
    pub town: usize,
}

pub(super) struct Town {
    pub id: i64,
    pub name: String,
    pub short: String,
    pub villages: Vec<usize>,
}

/// Where a volunteer lives: a town and maybe one of its villages (indices).
#[derive(Clone, Copy)]
pub(super) struct Home {
    pub town: usize,
    pub village: Option<usize>,
}

/// The team tree as indices into [`Plan::teams`], and the places the people plan needs.
pub(super) struct Tree {
    pub detachments: Vec<usize>,
    pub industries: Vec<usize>,
    pub squads: Vec<Vec<usize>>,
    /// Per village: its teams, the main one first.
    pub community: Vec<Vec<usize>>,
    /// Per town: its practice point teams.
    pub points: Vec<Vec<usize>>,
    pub city_social: Vec<usize>,
    /// Per town: its civil-society teams.
    pub town_social: Vec<Vec<usize>>,
    /// 杨舍镇, 金港镇 and 金都社区 (indices into the towns and villages).
    pub first_town: usize,
    pub jingang: usize,
    pub jindu: Option<usize>,
}

/// The name without its 镇 / 村 / 社区 ending ("杨舍镇" → "杨舍"); kept whole when that would
/// leave a single character.
pub(super) fn short_name(name: &str) -> String {
    for suffix in ["现代农业示范园区", "街道", "社区", "镇", "村", "区"] {
        if let Some(s) = name.strip_suffix(suffix)
            && s.chars().count() >= 2
        {
            return s.to_owned();
        }
    }
    name.to_owned()
}

/// The plan being built, with what it must keep unique and the generator it draws from.
pub(super) struct Planner {
    pub rng: SplitMix64,
    pub this_year: i32,
    pub plan: Plan,
    pub names: HashSet<String>,
    pub phones: HashSet<String>,
    pub ids: HashSet<String>,
    pub homes: Vec<Home>,
    pub active: Vec<u8>,
    pub pairs: HashSet<(usize, usize)>,
    pub team_members: Vec<Vec<usize>>,
    pub surnames: Vec<char>,
    pub male_chars: Vec<char>,
    pub female_chars: Vec<char>,
    pub first_chars: Vec<char>,
}

impl Planner {
    /// A unique team name: `name`, else `fallback`, else `name（2）`…
    pub(super) fn claim(&mut self, name: String, fallback: Option<String>) -> String {
        if self.names.insert(name.clone()) {
            return name;
        }
        if let Some(f) = fallback
            && self.names.insert(f.clone())
        {
            return f;
        }
        let mut n = 2;
        loop {
            let alt = format!("{name}（{n}）");
            if self.names.insert(alt.clone()) {
                return alt;
            }
            n += 1;
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn team(
        &mut self,
        parent: Option<usize>,
        kind: TeamKind,
        name: String,
        fallback: Option<String>,
        area_id: i64,
        specialty: Option<&str>,
        description: String,
        pending: bool,
    ) -> usize {
        let name = self.claim(name, fallback);
        self.plan.teams.push(PlanTeam {
            parent,
            kind,
            name,
            area_id,
            specialty: specialty.map(str::to_owned),
            description,
            contact_name: String::new(),
            contact_phone: String::new(),
            pending,
        });
        self.team_members.push(Vec::new());
        self.plan.teams.len() - 1
    }

    fn pick_char(&mut self, chars: &[char]) -> char {
        self.rng.pick(chars).copied().unwrap_or('明')
    }

    /// (surname, full name).
    pub(super) fn person_name(&mut self, male: bool) -> (char, String) {
        let i = self.rng.weighted(
            &(0..self.surnames.len())
                .map(|i| SURNAME_WEIGHTS.get(i).copied().unwrap_or(3))
                .collect::<Vec<_>>(),
        );
        let surname = self.surnames.get(i).copied().unwrap_or('王');
        (surname, self.name_with(surname, male))
    }

    pub(super) fn name_with(&mut self, surname: char, male: bool) -> String {
        let own = if male {
            self.male_chars.clone()
        } else {
            self.female_chars.clone()
        };
        let mut name = String::from(surname);
        if self.rng.percent(75) {
            let first = if self.rng.percent(50) {
                self.first_chars.clone()
            } else {
                own.clone()
            };
            name.push(self.pick_char(&first));
        }
        name.push(self.pick_char(&own));
        name
    }

    pub(super) fn phone(&mut self) -> String {
        loop {
            let prefix = self.rng.pick(PHONE_PREFIXES).copied().unwrap_or("139");
            let p = format!("{prefix}{:08}", self.rng.below(100_000_000));
            if self.phones.insert(p.clone()) {
                return p;
            }
        }
    }

    pub(super) fn unique_id_number(
        &mut self,
        birth: NaiveDate,
        male: bool,
    ) -> anyhow::Result<String> {
        loop {
            let seq = self.rng.below(500) as u32;
            let id = id_number(birth, male, seq)?;
            if self.ids.insert(id.clone()) {
                return Ok(id);
            }
        }
    }

    fn availability(&mut self) -> Vec<Slot> {
        let n = 1 + self.rng.weighted(&[45, 35, 20]);
        let mut chosen: Vec<(u8, usize)> = Vec::new();
        while chosen.len() < n {
            let day = 1 + self.rng.weighted(WEEKDAY_WEIGHTS) as u8;
            let window = self.rng.weighted(&[5, 4, 2]);
            if !chosen.contains(&(day, window)) {
                chosen.push((day, window));
            }
        }
        chosen.sort_unstable();
        chosen
            .into_iter()
            .filter_map(|(weekday, w)| {
                WINDOWS.get(w).map(|(start, end)| Slot {
                    weekday,
                    start: (*start).to_owned(),
                    end: (*end).to_owned(),
                })
            })
            .collect()
    }

    fn skills(&mut self) -> Vec<usize> {
        let n = self.rng.weighted(&[30, 35, 22, 13]);
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let s = self.rng.weighted(SKILL_WEIGHTS);
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out.sort_unstable();
        out
    }

    fn birth_date(&mut self, years_ago: u32) -> anyhow::Result<NaiveDate> {
        let year = self.this_year - years_ago as i32;
        let (month, day) = (self.rng.between(1, 12), self.rng.between(1, 28));
        NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| anyhow!("no date {year}-{month}"))
    }

    pub(super) fn volunteer(&mut self, home: Home, area_id: i64) -> anyhow::Result<usize> {
        let male = !self.rng.percent(56);
        let (surname, real_name) = self.person_name(male);
        let phone = self.phone();
        let minor = self.rng.percent(2);
        let years_ago = if minor {
            self.rng.between(15, 17)
        } else {
            let band = self
                .rng
                .weighted(&AGE_BANDS.iter().map(|b| b.2).collect::<Vec<_>>());
            let (lo, hi, _) = AGE_BANDS.get(band).copied().unwrap_or((30, 40, 1));
            self.rng.between(lo, hi)
        };
        let birth_date = self.birth_date(years_ago)?;
        let guardian = if minor {
            let guardian_male = self.rng.percent(50);
            let name = self.name_with(surname, guardian_male);
            Some((name, self.phone()))
        } else {
            None
        };
        let id_number = if self.rng.percent(30) {
            Some(self.unique_id_number(birth_date, male)?)
        } else {
            None
        };
        let skills = self.skills();
        let availability = self.availability();
        Ok(self.push_volunteer(
            home,
            PlanVolunteer {
                real_name,
                phone,
                male,
                birth_date,
                area_id,
                id_number,
                guardian,
                skills,
                availability,
                login: None,
            },
        ))
    }

    pub(super) fn push_volunteer(&mut self, home: Home, v: PlanVolunteer) -> usize {
        self.plan.volunteers.push(v);
        self.homes.push(home);
        self.active.push(0);
        self.plan.volunteers.len() - 1
    }

    pub(super) fn join(&mut self, team: usize, volunteer: usize, leader: bool) -> bool {
        if !self.pairs.insert((team, volunteer)) {
            return false;
        }
        self.plan.members.push(PlanMember {
            team,
            volunteer,
            leader,
            applied: false,
            message: None,
        });
        if let Some(list) = self.team_members.get_mut(team) {
            list.push(self.plan.members.len() - 1);
        }
        if let Some(n) = self.active.get_mut(volunteer) {
            *n = n.saturating_add(1);
        }
        true
    }

    pub(super) fn age_years(&self, volunteer: usize) -> i32 {
        self.plan
            .volunteers
            .get(volunteer)
            .map_or(0, |v| self.this_year - v.birth_date.year())
    }

    /// A volunteer from `pool` for one more team: not yet in it, not a demo login, first trying
    /// those in fewer than `busy` teams, then anyone with fewer than three.
    pub(super) fn recruit(
        &mut self,
        team: usize,
        pool: &[usize],
        busy: u8,
        adult: bool,
    ) -> Option<usize> {
        for limit in [busy, 3] {
            for _ in 0..60 {
                let v = *self.rng.pick(pool)?;
                let free = self.active.get(v).is_some_and(|n| *n < limit)
                    && !self.pairs.contains(&(team, v))
                    && self
                        .plan
                        .volunteers
                        .get(v)
                        .is_some_and(|p| p.login.is_none())
                    && (!adult || self.age_years(v) >= 23);
                if free {
                    return Some(v);
                }
            }
        }
        None
    }
}
