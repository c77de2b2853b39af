//! Creating tenants: the base tenant at init, and subwallets after.

use crate::clock::Timestamp;
use crate::crypto::{random_token, Secret};
use crate::domain::ids::new_id;
use crate::domain::vault::validate_name;
use crate::domain::Error;
use crate::keyring::MasterKey;
use crate::service::grant::SuperAdmin;
use crate::service::work::Work;
use crate::store::{self, tenants::Tenant};
use rusqlite::Connection;

/// A new tenant and its admin token.
#[derive(Debug)]
pub struct CreatedTenant {
    pub tenant: Tenant,
    pub admin_token: Secret,
}

pub fn create(
    conn: &Connection,
    master: &MasterKey,
    name: &str,
    label: Option<String>,
    is_base: bool,
    now: Timestamp,
) -> Result<CreatedTenant, Error> {
    let name = validate_name("wallet_name", name, 100)?;
    let label = label.map(|l| validate_name("label", &l, 200)).transpose()?;
    let salt = random_token(16).map_err(|e| Error::Internal(format!("no randomness: {e}")))?;
    let tenant = Tenant {
        id: new_id(),
        name,
        label,
        is_base,
        admin_token_salt: salt,
        created_at: now,
    };
    let admin_token = master.admin_token(&tenant.id, &tenant.admin_token_salt);
    store::tenants::insert(
        conn,
        &tenant,
        &master.token_lookup_hash(admin_token.expose()),
    )?;
    Ok(CreatedTenant {
        tenant,
        admin_token,
    })
}

/// A new subwallet (a tenant beside the base one), made by the super-admin.
pub fn create_subwallet(
    work: &Work,
    _: &SuperAdmin,
    master: &MasterKey,
    name: &str,
    label: Option<String>,
) -> Result<CreatedTenant, Error> {
    create(work.conn, master, name, label, false, work.now)
}
