//! Authentication of native requests (SPEC §4) into a typed `Caller`.

use super::context::Ctx;
use super::error::ApiError;
use super::ratelimit::RateInfo;
use crate::crypto::constant_time_eq;
use crate::domain::apikey::KeyState;
use crate::domain::cidr::IpAllowList;
use crate::domain::scope::{Scope, ScopeSet};
use crate::domain::signing::sign;
use crate::domain::tenancy::{Environment, Partition};
use crate::store;

/// Who is calling, proven.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    pub partition: Partition,
    pub scopes: ScopeSet,
    pub user_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    ApiKey(String),
    AdminToken {
        tenant_id: String,
        super_admin: bool,
    },
}

impl Actor {
    pub fn audit_type(&self) -> &'static str {
        match self {
            Actor::ApiKey(_) => "api_key",
            Actor::AdminToken { .. } => "admin_token",
        }
    }

    pub fn id(&self) -> String {
        match self {
            Actor::ApiKey(id) => id.clone(),
            Actor::AdminToken { tenant_id, .. } => tenant_id.clone(),
        }
    }

    /// The namespace of this actor's idempotency keys.
    pub fn idempotency_scope(&self) -> String {
        format!("{}:{}", self.audit_type(), self.id())
    }
}

impl Caller {
    /// 403 unless the caller holds `scope`.
    pub fn require(&self, scope: Scope) -> Result<(), ApiError> {
        if self.scopes.contains(scope) {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                "missing_scope",
                format!("this API key lacks the '{scope}' scope"),
            ))
        }
    }
}

/// A verified native request: the caller, whether its signature was seen before,
/// and the key's rate-limit state.
pub struct Authenticated {
    pub caller: Caller,
    pub replayed: bool,
    pub rate: RateInfo,
}

/// Checks the three signature headers, the key's state, the clock window, the
/// IP allow-list, the replay guard and the key's rate limit, in that order.
/// Failures count against the client address's failed-auth limit.
pub fn native(ctx: &Ctx) -> Result<Authenticated, ApiError> {
    let app = ctx.app;
    let ip_key = ctx.ip.to_string();
    if let Some(info) = app.failed_auth_limiter.exhausted(&ip_key, ctx.now) {
        return Err(ApiError::RateLimited {
            retry_after_secs: info.retry_after_secs(ctx.now),
            rate: None,
        });
    }
    let fail = |code: &'static str, message: &str| {
        let _ = app.failed_auth_limiter.hit(&ip_key, ctx.now);
        ApiError::unauthorized(code, message)
    };
    let (Some(key_id), Some(timestamp), Some(signature)) = (
        ctx.header("x-api-key"),
        ctx.header("x-timestamp"),
        ctx.header("x-signature"),
    ) else {
        return Err(fail(
            "missing_credentials",
            "X-API-Key, X-Timestamp and X-Signature headers are required",
        ));
    };
    let Ok(signed_at) = timestamp.parse::<i64>() else {
        return Err(fail(
            "invalid_timestamp",
            "X-Timestamp must be Unix seconds",
        ));
    };
    let tolerance = i64::from(app.config.auth.timestamp_tolerance_secs);
    let now_secs = ctx.now.unix_seconds();
    // abs_diff: `now - signed_at` overflows for a timestamp near i64::MIN.
    if now_secs.abs_diff(signed_at) > tolerance.unsigned_abs() {
        return Err(fail(
            "stale_timestamp",
            &format!("X-Timestamp is more than {tolerance} s from the server clock"),
        ));
    }
    let mutating = ctx.route.is_mutating();
    // Signatures seen by a previous run of the server are not in the replay guard,
    // so a mutating request signed before this process started is refused.
    if mutating && signed_at < app.started_at.unix_seconds() {
        return Err(fail(
            "stale_timestamp",
            "the request was signed before the server started; sign it again",
        ));
    }
    let key = match Environment::of_key_id(key_id) {
        Some(_) => app.store.read(|conn| store::keys::get(conn, key_id))?,
        None => None,
    };
    let Some(key) = key else {
        return Err(fail("invalid_api_key", "unknown API key"));
    };
    let secret = app.master.api_secret(&key.id);
    let expected = sign(secret.expose(), timestamp, &ctx.method, &ctx.url, &ctx.body);
    if !constant_time_eq(expected.as_bytes(), signature.as_bytes()) {
        return Err(fail(
            "invalid_signature",
            "the signature does not match the request",
        ));
    }
    match key.state(ctx.now) {
        KeyState::Active => {}
        KeyState::Revoked => return Err(fail("api_key_revoked", "this API key has been revoked")),
        KeyState::Expired => return Err(fail("api_key_expired", "this API key has expired")),
    }
    // Before the replay guard and the rate limit: a stolen secret used from a
    // refused address neither burns a signature nor the real client's quota.
    let allowlist = IpAllowList::parse(&key.ip_allowlist).map_err(|e| {
        crate::domain::Error::Internal(format!("stored allow-list of {} is bad: {e}", key.id))
    })?;
    if !allowlist.allows(ctx.ip) {
        return Err(ApiError::forbidden(
            "ip_not_allowed",
            format!("requests from {} are not allowed for this API key", ctx.ip),
        ));
    }
    let replayed = mutating
        && !app
            .replay_guard
            .first_use(signature, signed_at + tolerance, now_secs);
    let rate = app
        .key_limiter
        .hit(&key.id, ctx.now)
        .map_err(|info| ApiError::RateLimited {
            retry_after_secs: info.retry_after_secs(ctx.now),
            rate: Some(info),
        })?;
    Ok(Authenticated {
        caller: Caller {
            actor: Actor::ApiKey(key.id.clone()),
            partition: key.partition(),
            scopes: key.granted(),
            user_id: key.user_id.clone(),
        },
        replayed,
        rate,
    })
}
