//! Who is signed in: the client's token state plus the account loaded from `GET /me`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use youai_types::{AreaLevel, LoginRequest, Me, MemberRole, MembershipStatus, Role};

use crate::api::{ApiClient, ApiError, AreaFilter};

/// The signed-in account, provided as context by the app root.
#[derive(Clone, Copy)]
pub struct Session {
    api: ApiClient,
    me: RwSignal<Option<Me>>,
    /// Why the last `/me` failed (offline, server error), so pages can offer a retry.
    me_error: RwSignal<Option<ApiError>>,
    /// A `/me` request is on its way; keeps the effect below from sending a second one.
    loading_me: StoredValue<bool>,
    /// The teams the user leads (id, name), from their memberships.
    led_teams: RwSignal<Vec<(i64, String)>>,
    /// Whether the user's account provides a courtesy (it redeems the vouchers).
    provider: RwSignal<bool>,
    /// Both of the above have been looked up.
    roles_known: RwSignal<bool>,
}

impl Session {
    pub fn provide(api: ApiClient) -> Self {
        let session = Session {
            api,
            me: RwSignal::new(None),
            me_error: RwSignal::new(None),
            loading_me: StoredValue::new(false),
            led_teams: RwSignal::new(Vec::new()),
            provider: RwSignal::new(false),
            roles_known: RwSignal::new(false),
        };
        // Follows every way the tokens come and go: a login kept from an earlier visit, a
        // login or logout in another tab, a refresh the server refused.
        Effect::new(move |_| {
            if api.signed_in() {
                if session.me.with_untracked(Option::is_none) {
                    session.load_me();
                }
            } else {
                session.me.set(None);
                session.me_error.set(None);
                session.led_teams.set(Vec::new());
                session.provider.set(false);
                session.roles_known.set(false);
            }
        });
        provide_context(session);
        session
    }

    /// Whether tokens are stored (reactive).
    pub fn signed_in(&self) -> bool {
        self.api.signed_in()
    }

    /// The signed-in user's name, once `/me` has answered (reactive).
    pub fn user_name(&self) -> Option<String> {
        self.me.with(|me| me.as_ref().map(|m| m.user.name.clone()))
    }

    /// The account from `/me`, once it has answered (reactive).
    pub fn me(&self) -> Option<Me> {
        self.me.get()
    }

    /// Why loading the account failed, if it did (reactive).
    pub fn me_error(&self) -> Option<ApiError> {
        self.me_error.get()
    }

    /// Asks `/me` again after a failure.
    pub fn retry_me(self) {
        self.me_error.set(None);
        self.load_me();
    }

    /// Records a profile just completed, so every view follows without asking `/me` again.
    pub fn set_volunteer_id(&self, id: i64) {
        self.me.update(|me| {
            if let Some(me) = me {
                me.volunteer_id = Some(id);
            }
        });
    }

    /// Whether the user decides team registrations: an area or platform admin (reactive).
    pub fn is_staff(&self) -> bool {
        self.me
            .with(|me| me.as_ref().is_some_and(|m| !staff_grants(m).is_empty()))
    }

    /// Whether the teams led and the courtesies provided have been looked up (reactive).
    pub fn roles_known(&self) -> bool {
        self.roles_known.get()
    }

    /// The teams the user leads (reactive).
    pub fn led_teams(&self) -> Vec<(i64, String)> {
        self.led_teams.get()
    }

    /// Whether the user leads a team (reactive).
    pub fn is_leader(&self) -> bool {
        self.led_teams.with(|t| !t.is_empty())
    }

    /// Whether the user is a platform admin (reactive).
    pub fn is_platform_admin(&self) -> bool {
        self.me.with(|me| {
            me.as_ref()
                .is_some_and(|m| m.grants.iter().any(|g| g.role == Role::PlatformAdmin))
        })
    }

    /// Whether the user redeems vouchers: a courtesy's provider or a platform admin (reactive).
    pub fn redeems_vouchers(&self) -> bool {
        self.provider.get() || self.is_platform_admin()
    }

    /// Whether the user acts for an agency (reactive).
    pub fn is_agency_operator(&self) -> bool {
        self.me.with(|me| {
            me.as_ref()
                .is_some_and(|m| m.grants.iter().any(|g| g.role == Role::AgencyOperator))
        })
    }

    /// Whether the console has anything for the user (reactive).
    pub fn has_console(&self) -> bool {
        self.is_staff() || self.is_leader() || self.redeems_vouchers() || self.is_agency_operator()
    }

    /// Logs in and loads the account; the header then shows "已登录：<name>".
    pub async fn login(self, request: &LoginRequest) -> Result<Me, ApiError> {
        self.loading_me.set_value(true);
        let result = match self.api.login(request).await {
            Ok(()) => self.api.me().await,
            Err(e) => Err(e),
        };
        self.loading_me.set_value(false);
        if let Ok(me) = &result {
            self.me.set(Some(me.clone()));
            self.load_roles(me.user.id);
        }
        result
    }

    /// Finds the teams the user leads and whether they provide a courtesy; a failure leaves
    /// the console without those parts (nothing else depends on them).
    fn load_roles(self, user_id: i64) {
        let api = self.api;
        spawn_local(async move {
            if let Ok(list) = api.my_memberships().await {
                let led = list
                    .into_iter()
                    .filter(|m| {
                        m.role == MemberRole::Leader && m.status == MembershipStatus::Active
                    })
                    .map(|m| (m.team_id, m.team_name))
                    .collect();
                self.led_teams.set(led);
            }
            if let Ok(rewards) = api.rewards().await {
                self.provider
                    .set(rewards.iter().any(|r| r.provider_user_id == Some(user_id)));
            }
            self.roles_known.set(true);
        });
    }

    pub async fn logout(self) {
        self.me.set(None);
        self.api.logout().await;
    }

    fn load_me(self) {
        if self.loading_me.get_value() {
            return;
        }
        self.loading_me.set_value(true);
        spawn_local(async move {
            let result = self.api.me().await;
            self.loading_me.set_value(false);
            // A failed refresh has already signed out; other failures leave the name unknown.
            if !self.api.signed_in_untracked() {
                return;
            }
            match result {
                Ok(me) => {
                    self.me_error.set(None);
                    self.load_roles(me.user.id);
                    self.me.set(Some(me));
                }
                Err(e) => self.me_error.set(Some(e)),
            }
        });
    }
}

/// Where a staff member decides registrations: the area of each `area_admin` grant, and the
/// city (`None` here: ask the API for it) for a `platform_admin`.
pub fn staff_grants(me: &Me) -> Vec<Option<i64>> {
    let mut scopes = Vec::new();
    for grant in &me.grants {
        let scope = match grant.role {
            Role::PlatformAdmin => None,
            Role::AreaAdmin => match grant.area_id {
                Some(area) => Some(area),
                None => continue,
            },
            _ => continue,
        };
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    // The city first: it contains every other scope.
    crate::sort::sort_by(&mut scopes, |a, b| a.is_none() && b.is_some());
    scopes
}

/// The area ids a staff member decides for: the `area_admin` areas, and the city for a
/// `platform_admin`.
pub async fn staff_areas(api: ApiClient, me: &Me) -> Result<Vec<i64>, ApiError> {
    let mut areas = Vec::new();
    for scope in staff_grants(me) {
        let id = match scope {
            Some(id) => id,
            None => {
                let filter = AreaFilter {
                    level: Some(AreaLevel::City),
                    parent_id: None,
                };
                match api.areas(&filter, None).await?.items.first() {
                    Some(city) => city.id,
                    None => continue,
                }
            }
        };
        if !areas.contains(&id) {
            areas.push(id);
        }
    }
    Ok(areas)
}

/// The session provided by the app root.
pub fn use_session() -> Session {
    expect_context::<Session>()
}
