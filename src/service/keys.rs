//! Creating API keys (CLI `coffer keys create`, and the admin API).

use crate::clock::Timestamp;
use crate::crypto::Secret;
use crate::domain::apikey::{new_key_id, validate_key_name, ApiKey};
use crate::domain::cidr::IpAllowList;
use crate::domain::scope::{Role, Scope};
use crate::domain::tenancy::Environment;
use crate::domain::Error;
use crate::keyring::MasterKey;
use crate::store;
use rusqlite::Connection;

/// A request for a new key, as typed by an operator or sent to the admin API.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub tenant_id: String,
    pub environment: Environment,
    pub name: String,
    pub roles: Vec<Role>,
    pub scopes: Vec<Scope>,
    pub ip_allowlist: Vec<String>,
    pub expires_at: Option<Timestamp>,
    pub read_only: bool,
    pub user_id: Option<String>,
}

/// The stored key and its secret, which is shown once and never again.
#[derive(Debug)]
pub struct CreatedKey {
    pub key: ApiKey,
    pub secret: Secret,
}

pub fn create(
    conn: &Connection,
    master: &MasterKey,
    new: NewKey,
    now: Timestamp,
) -> Result<CreatedKey, Error> {
    let name = validate_key_name(&new.name)?;
    if new.roles.is_empty() && new.scopes.is_empty() {
        return Err(Error::field(
            "roles",
            "a key needs at least one role or scope",
        ));
    }
    if new.expires_at.is_some_and(|at| at <= now) {
        return Err(Error::field("expires_at", "must be in the future"));
    }
    let allowlist = IpAllowList::parse(&new.ip_allowlist)
        .map_err(|e| Error::field("ip_allowlist", e.to_string()))?;
    if store::tenants::get(conn, &new.tenant_id)?.is_none() {
        return Err(Error::not_found("wallet", &new.tenant_id));
    }
    let key = ApiKey {
        id: new_key_id(new.environment)?,
        tenant_id: new.tenant_id,
        environment: new.environment,
        name,
        roles: new.roles,
        scopes: new.scopes,
        ip_allowlist: allowlist
            .entries()
            .iter()
            .map(ToString::to_string)
            .collect(),
        read_only: new.read_only,
        user_id: new.user_id,
        passphrase_hash: None,
        expires_at: new.expires_at,
        revoked_at: None,
        created_at: now,
    };
    store::keys::insert(conn, &key)?;
    let secret = master.api_secret(&key.id);
    Ok(CreatedKey { key, secret })
}
