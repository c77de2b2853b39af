//! API keys: who may call, from where, until when, with which scopes.

use super::ids::{KeyId, TenantId, TypedId, UserId};
use super::scope::{Role, Scope, ScopeSet};
use super::tenancy::{Environment, Partition};
use crate::clock::Timestamp;

#[derive(Debug, Clone, PartialEq)]
pub struct ApiKey {
    pub id: KeyId,
    pub tenant_id: TenantId,
    pub environment: Environment,
    pub name: String,
    pub roles: Vec<Role>,
    pub scopes: Vec<Scope>,
    /// Canonical CIDR strings; empty allows every address.
    pub ip_allowlist: Vec<String>,
    pub read_only: bool,
    pub user_id: Option<UserId>,
    /// How the key was bound to `user_id`; `None` for an unbound key.
    pub bound_via: Option<KeyBinding>,
    pub passphrase_hash: Option<String>,
    pub expires_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

/// Where a key was bound to a user. Whoever binds a key holds it, so a
/// binding made with the admin token (one credential that can mint a key for
/// every approver) does not cast votes on live requests; one made at the CLI on
/// the box does (docs/security.md, "Who can approve").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyBinding {
    Cli,
    AdminApi,
}

impl KeyBinding {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyBinding::Cli => "cli",
            KeyBinding::AdminApi => "admin_api",
        }
    }

    pub fn parse(s: &str) -> Option<KeyBinding> {
        [KeyBinding::Cli, KeyBinding::AdminApi]
            .into_iter()
            .find(|b| b.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    Active,
    Expired,
    Revoked,
}

impl KeyState {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyState::Active => "active",
            KeyState::Expired => "expired",
            KeyState::Revoked => "revoked",
        }
    }
}

impl ApiKey {
    pub fn partition(&self) -> Partition {
        Partition {
            tenant_id: self.tenant_id.clone(),
            environment: self.environment,
        }
    }

    /// The scopes this key grants; a read-only key keeps only the read scopes.
    pub fn granted(&self) -> ScopeSet {
        let all = ScopeSet::granted(&self.roles, &self.scopes);
        if self.read_only {
            all.read_only()
        } else {
            all
        }
    }

    pub fn state(&self, now: Timestamp) -> KeyState {
        if self.revoked_at.is_some() {
            KeyState::Revoked
        } else if self.expires_at.is_some_and(|at| at <= now) {
            KeyState::Expired
        } else {
            KeyState::Active
        }
    }
}

/// A new key id: the environment's prefix and 24 random base62 characters.
pub fn new_key_id(env: Environment) -> Result<KeyId, super::Error> {
    let random = crate::crypto::random_token(24)
        .map_err(|e| super::Error::Internal(format!("no randomness: {e}")))?;
    Ok(KeyId::from_stored(format!("{}{random}", env.key_prefix())))
}

/// A key name: 1..=100 printable characters.
pub fn validate_key_name(name: &str) -> Result<String, super::Error> {
    super::vault::validate_name("name", name, 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> ApiKey {
        ApiKey {
            id: KeyId::from_stored("ck_test_x".into()),
            tenant_id: crate::domain::ids::TypedId::from_stored("t".into()),
            environment: Environment::Test,
            name: "ci".into(),
            roles: vec![Role::Operator],
            scopes: vec![],
            ip_allowlist: vec![],
            read_only: false,
            user_id: None,
            bound_via: None,
            passphrase_hash: None,
            expires_at: Some(Timestamp::from_millis(1000)),
            revoked_at: None,
            created_at: Timestamp::from_millis(0),
        }
    }

    #[test]
    fn expiry_and_revocation_decide_the_state() {
        let mut k = key();
        assert_eq!(k.state(Timestamp::from_millis(999)), KeyState::Active);
        assert_eq!(k.state(Timestamp::from_millis(1000)), KeyState::Expired);
        k.revoked_at = Some(Timestamp::from_millis(10));
        assert_eq!(k.state(Timestamp::from_millis(20)), KeyState::Revoked);
    }

    #[test]
    fn read_only_keys_lose_write_scopes() {
        let mut k = key();
        assert!(k.granted().contains(Scope::VaultsWrite));
        k.read_only = true;
        assert!(!k.granted().contains(Scope::VaultsWrite));
        assert!(k.granted().contains(Scope::VaultsRead));
    }

    #[test]
    fn key_ids_carry_the_environment() {
        let id = new_key_id(Environment::Live).unwrap();
        assert!(id.starts_with("ck_live_") && id.len() == 32, "{id}");
        assert_eq!(Environment::of_key_id(&id), Some(Environment::Live));
    }
}
