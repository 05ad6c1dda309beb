//! Administration accounts: `youai create-admin`.

use youai_api::auth::hash_password;
use youai_db::{DbConn, users};
use youai_types::Role;

/// Makes `phone` a platform admin, creating the account when it does not exist.
pub fn create_admin(
    conn: &mut DbConn,
    phone: &str,
    password: &str,
    name: &str,
) -> anyhow::Result<&'static str> {
    let req = youai_types::RegisterRequest {
        phone: phone.into(),
        password: password.into(),
        name: name.into(),
        code: None,
    };
    if let Err(errors) = youai_domain::validate::register(&req) {
        let msg: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        anyhow::bail!("{}", msg.join("; "));
    }
    let hash = hash_password(password).map_err(|e| anyhow::anyhow!("{e}"))?;
    conn.write_transaction(|conn| {
        let (user, outcome) = match users::find_by_phone(conn, phone)? {
            Some(u) => {
                users::set_password(conn, u.id, &hash)?;
                (
                    u,
                    "updated the password of the existing account and made it a platform admin",
                )
            }
            None => (
                users::insert(conn, phone, name, &hash)?,
                "created a platform admin",
            ),
        };
        let grant = users::NewGrant {
            user_id: user.id,
            role: Role::PlatformAdmin,
            area_id: None,
            team_id: None,
            agency_id: None,
            venue_id: None,
            granted_by: None,
        };
        if users::same_grant(conn, &grant)?.is_none() {
            users::insert_grant(conn, &grant)?;
        }
        Ok(outcome)
    })
}
