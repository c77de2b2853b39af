//! Creating API keys (CLI `coffer keys create`, and the admin API).

use crate::clock::Timestamp;
use crate::crypto::{hash_password, Secret};
use crate::domain::apikey::{new_key_id, validate_key_name, ApiKey, KeyBinding};
use crate::domain::cidr::IpAllowList;
use crate::domain::ids::UserId;
use crate::domain::scope::{Role, Scope};
use crate::domain::tenancy::Environment;
use crate::domain::user::UserStatus;
use crate::domain::Error;
use crate::keyring::MasterKey;
use crate::service::grant::TenantAdmin;
use crate::service::work::Work;
use crate::store;

/// A request for a new key, as typed by an operator or sent to the admin API;
/// its tenant is the one its creator administers.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub environment: Environment,
    pub name: String,
    pub roles: Vec<Role>,
    pub scopes: Vec<Scope>,
    pub ip_allowlist: Vec<String>,
    pub expires_at: Option<Timestamp>,
    pub read_only: bool,
    pub user_id: Option<UserId>,
    /// The path the key is made through, which a binding to `user_id` records.
    pub via: KeyBinding,
}

impl NewKey {
    /// A read-write key of `roles` with nothing else set: no explicit scopes,
    /// no allow-list, no expiry, bound to no user. Each edge sets the rest.
    pub fn of_roles(
        environment: Environment,
        name: &str,
        roles: Vec<Role>,
        via: KeyBinding,
    ) -> NewKey {
        NewKey {
            environment,
            name: name.to_string(),
            roles,
            scopes: vec![],
            ip_allowlist: vec![],
            expires_at: None,
            read_only: false,
            user_id: None,
            via,
        }
    }
}

/// A new key checked, its id drawn and its passphrase hashed: the slow half
/// of creating a key, done before the write job so that argon2 never holds the
/// writer (and a malformed request never costs an argon2 run).
#[derive(Debug, Clone)]
pub struct PreparedKey {
    key: ApiKey,
}

/// Checks a new key's fields, draws its id and hashes its passphrase for the
/// Coinbase-compatible API with argon2id. The passphrase, like the API secret,
/// is derived from the master key and the key id, so the database holds
/// neither and an idempotent replay of the creation can show them again
/// (docs/decisions.md).
pub fn prepare(
    master: &MasterKey,
    admin: &TenantAdmin,
    new: NewKey,
    now: Timestamp,
) -> Result<PreparedKey, Error> {
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
    let id = new_key_id(new.environment)?;
    let passphrase_hash =
        hash_password(master.passphrase(&id).expose()).map_err(Error::Internal)?;
    Ok(PreparedKey {
        key: ApiKey {
            id,
            tenant_id: admin.tenant_id().clone(),
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
            bound_via: new.user_id.as_ref().map(|_| new.via),
            user_id: new.user_id,
            passphrase_hash: Some(passphrase_hash),
            expires_at: new.expires_at,
            revoked_at: None,
            created_at: now,
        },
    })
}

/// The stored key with its secret and passphrase, which are shown once.
#[derive(Debug)]
pub struct CreatedKey {
    pub key: ApiKey,
    pub secret: Secret,
    pub passphrase: Secret,
}

/// Stores a prepared key once its tenant and user check out.
pub fn create(
    work: &Work,
    admin: &TenantAdmin,
    master: &MasterKey,
    prepared: PreparedKey,
) -> Result<CreatedKey, Error> {
    let conn = work.conn;
    let key = prepared.key;
    if key.tenant_id != *admin.tenant_id() {
        return Err(Error::Internal(format!(
            "a key prepared for tenant {} reached tenant {}",
            key.tenant_id,
            admin.tenant_id()
        )));
    }
    if store::tenants::get(conn, &key.tenant_id)?.is_none() {
        return Err(Error::not_found("wallet", key.tenant_id.to_string()));
    }
    if let Some(user_id) = &key.user_id {
        let user = store::users::get(conn, &key.tenant_id, user_id)?;
        if user.status != UserStatus::Active {
            return Err(Error::refused(
                "user_disabled",
                format!("user {user_id} is disabled; keys cannot be bound to it"),
            ));
        }
    }
    store::keys::insert(conn, &key)?;
    Ok(CreatedKey {
        secret: master.api_secret(&key.id),
        passphrase: master.passphrase(&key.id),
        key,
    })
}

/// Revokes the administered tenant's key named (or with id) `name_or_id`.
pub fn revoke(work: &Work, admin: &TenantAdmin, name_or_id: &str) -> Result<ApiKey, Error> {
    store::keys::revoke(work.conn, admin.tenant_id(), name_or_id, work.now)
}
