//! Console sessions (docs/console.md, "Sign-in"): they live in memory (a
//! restart signs everyone out; the database holds no session secret), found by
//! the SHA-256 of the token in the session cookie. A session remembers the
//! user's credential version, which every request checks against the database,
//! so disabling a user, changing their role or their password ends their
//! sessions.

use crate::clock::Timestamp;
use crate::crypto::{random_token, sha256_hex};
use crate::domain::ids::{TenantId, UserId};
use crate::domain::user::User;
use crate::domain::Error;
use std::collections::HashMap;
use std::sync::Mutex;

pub const SESSION_COOKIE: &str = "coffer_session";
pub const LOGIN_COOKIE: &str = "coffer_login";
/// A console session lasts this long after sign-in.
pub const SESSION_SECS: i64 = 12 * 3600;
const MAX_SESSIONS: usize = 10_000;

#[derive(Debug, Clone)]
pub struct Stored {
    pub user_id: UserId,
    pub tenant_id: TenantId,
    /// The user's `credential_version` at sign-in.
    pub credential_version: i64,
    pub expires_at: Timestamp,
}

/// Signed-in sessions by the SHA-256 of their token.
#[derive(Default)]
pub struct Sessions(Mutex<HashMap<String, Stored>>);

impl Sessions {
    pub fn open(&self, user: &User, tenant_id: &TenantId, now: Timestamp) -> Result<String, Error> {
        let token = random_token(43).map_err(|e| Error::Internal(format!("no randomness: {e}")))?;
        let mut map = self
            .0
            .lock()
            .map_err(|_| Error::Internal("console sessions poisoned".into()))?;
        if map.len() >= MAX_SESSIONS {
            map.retain(|_, s| s.expires_at > now);
        }
        map.insert(
            sha256_hex(token.as_bytes()),
            Stored {
                user_id: user.id.clone(),
                tenant_id: tenant_id.clone(),
                credential_version: user.credential_version,
                expires_at: now.plus_seconds(SESSION_SECS),
            },
        );
        Ok(token)
    }

    pub fn get(&self, token: &str, now: Timestamp) -> Option<Stored> {
        let map = self.0.lock().ok()?;
        map.get(&sha256_hex(token.as_bytes()))
            .filter(|s| s.expires_at > now)
            .cloned()
    }

    pub fn close(&self, token: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(&sha256_hex(token.as_bytes()));
        }
    }
}

/// A signed-in request: who, where, and the CSRF token its forms carry.
pub struct Session {
    pub user_id: UserId,
    pub tenant_id: TenantId,
    pub user: User,
    pub token: String,
    pub csrf: String,
}

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie(header: Option<&str>, name: &str) -> Option<String> {
    header?
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_string())
}
