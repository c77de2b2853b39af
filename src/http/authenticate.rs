//! Authentication, for each API family (docs/api.md, "Authentication"):
//! native requests are HMAC-signed, Coinbase-compatible ones carry a key id
//! and a passphrase, admin ones an admin token, console pages a session
//! cookie. The steps the API families share (the failed-auth limit per
//! address, the key look-up, the key's state and IP allow-list, the rate
//! limit) live in `Gate`, so every family applies the same rules. The
//! pipeline calls these before any handler runs.

use super::auth::{Actor, Caller};
use super::context::Ctx;
use super::error::ApiError;
use super::html::{html, message};
use super::ratelimit::RateInfo;
use super::session::{cookie, Session, SESSION_COOKIE};
use crate::crypto::constant_time_eq;
use crate::domain::apikey::{ApiKey, KeyState};
use crate::domain::cidr::IpAllowList;
use crate::domain::ids::{KeyId, TypedId};
use crate::domain::scope::ScopeSet;
use crate::domain::signing::{sign, SeenSignature};
use crate::domain::user::UserStatus;
use crate::domain::Error;
use crate::http::reply::Reply;
use crate::store;

/// A verified request: the caller, whether its signature was seen before (native
/// only), and the caller's rate-limit state.
pub struct Authenticated {
    pub caller: Caller,
    pub replayed: bool,
    /// A mutating request's signature seen for the first time, to be recorded
    /// durably: with the change it authorises, or alone if it changes nothing.
    pub fresh_signature: Option<SeenSignature>,
    pub rate: RateInfo,
}

/// The checks every family makes, in the order they must run. A refusal made
/// through `fail` counts against the client address's failed-auth limit.
struct Gate<'c, 'a> {
    ctx: &'c Ctx<'a>,
    ip_key: String,
}

impl<'c, 'a> Gate<'c, 'a> {
    /// Refuses at once an address that failed authentication too often.
    fn open(ctx: &'c Ctx<'a>) -> Result<Gate<'c, 'a>, ApiError> {
        let ip_key = ctx.ip.to_string();
        if let Some(info) = ctx.app.failed_auth_limiter.exhausted(&ip_key, ctx.now) {
            return Err(ApiError::RateLimited {
                retry_after_secs: info.retry_after_secs(ctx.now),
                rate: None,
            });
        }
        Ok(Gate { ctx, ip_key })
    }

    fn fail(&self, code: &'static str, message: &str) -> ApiError {
        let _ = self
            .ctx
            .app
            .failed_auth_limiter
            .hit(&self.ip_key, self.ctx.now);
        ApiError::unauthorized(code, message)
    }

    /// The key a request names, or 401.
    fn key(&self, key_id: &str) -> Result<ApiKey, ApiError> {
        let key = match KeyId::parse(key_id) {
            Ok(id) => self
                .ctx
                .app
                .store
                .read(|conn| store::keys::get(conn, &id))?,
            Err(_) => None,
        };
        key.ok_or_else(|| self.fail("invalid_api_key", "unknown API key"))
    }

    /// Once the key's secret was proven: its state, then its IP allow-list.
    /// Revoked and expired are only told to a caller who proved the secret.
    fn admit(&self, key: &ApiKey) -> Result<(), ApiError> {
        match key.state(self.ctx.now) {
            KeyState::Active => {}
            KeyState::Revoked => {
                return Err(self.fail("api_key_revoked", "this API key has been revoked"))
            }
            KeyState::Expired => {
                return Err(self.fail("api_key_expired", "this API key has expired"))
            }
        }
        let allowlist = IpAllowList::parse(&key.ip_allowlist)
            .map_err(|e| Error::Internal(format!("stored allow-list of {} is bad: {e}", key.id)))?;
        if !allowlist.allows(self.ctx.ip) {
            return Err(ApiError::forbidden(
                "ip_not_allowed",
                format!(
                    "requests from {} are not allowed for this API key",
                    self.ctx.ip
                ),
            ));
        }
        Ok(())
    }

    /// Counts the request against the caller's per-minute limit.
    fn rate(&self, bucket: &str) -> Result<RateInfo, ApiError> {
        self.ctx
            .app
            .key_limiter
            .hit(bucket, self.ctx.now)
            .map_err(|info| ApiError::RateLimited {
                retry_after_secs: info.retry_after_secs(self.ctx.now),
                rate: Some(info),
            })
    }
}

/// Native requests: the three signature headers, the clock window, the key,
/// the signature, the key's state and IP allow-list, the replay guard and the
/// rate limit, in that order.
pub fn native(ctx: &Ctx) -> Result<Authenticated, ApiError> {
    let app = ctx.app;
    let gate = Gate::open(ctx)?;
    let (Some(key_id), Some(timestamp), Some(signature)) = (
        ctx.header("x-api-key"),
        ctx.header("x-timestamp"),
        ctx.header("x-signature"),
    ) else {
        return Err(gate.fail(
            "missing_credentials",
            "X-API-Key, X-Timestamp and X-Signature headers are required",
        ));
    };
    let Ok(signed_at) = timestamp.parse::<i64>() else {
        return Err(gate.fail("invalid_timestamp", "X-Timestamp must be Unix seconds"));
    };
    let tolerance = i64::from(app.config.auth.timestamp_tolerance_secs);
    let now_secs = ctx.now.unix_seconds();
    // abs_diff: `now - signed_at` overflows for a timestamp near i64::MIN.
    if now_secs.abs_diff(signed_at) > tolerance.unsigned_abs() {
        // A client sending milliseconds is the common mistake: say so.
        let hint =
            if signed_at / 1000 > now_secs - tolerance && signed_at / 1000 < now_secs + tolerance {
                "; it looks like milliseconds: send Unix seconds"
            } else {
                ""
            };
        return Err(gate.fail(
            "stale_timestamp",
            &format!("X-Timestamp is more than {tolerance} seconds from the server clock{hint}"),
        ));
    }
    let mutating = ctx.endpoint.is_mutating();
    let key = gate.key(key_id)?;
    let secret = app.master.api_secret(&key.id);
    let expected = sign(secret.expose(), timestamp, &ctx.method, &ctx.url, &ctx.body);
    if !constant_time_eq(expected.as_bytes(), signature.as_bytes()) {
        return Err(gate.fail(
            "invalid_signature",
            "the signature does not match the request",
        ));
    }
    // Before the replay guard and the rate limit: a stolen secret used from a
    // refused address neither burns a signature nor the real client's quota.
    gate.admit(&key)?;
    let seen = SeenSignature {
        signature: signature.to_string(),
        expires_at: signed_at.saturating_add(tolerance),
    };
    let replayed = mutating
        && !app
            .replay_guard
            .first_use(&seen.signature, seen.expires_at, now_secs);
    let rate = gate.rate(&key.id)?;
    Ok(Authenticated {
        caller: Caller::of_key(&key),
        replayed,
        fresh_signature: (mutating && !replayed).then_some(seen),
        rate,
    })
}

/// Coinbase-compatible requests (docs/api.md, "Coinbase-compatible API"): `CB-ACCESS-KEY` and
/// `CB-ACCESS-PASSPHRASE`. The passphrase goes through the verified-passphrase
/// cache, so argon2 runs once per key and passphrase per process, not per request.
pub fn coinbase(ctx: &Ctx) -> Result<Authenticated, ApiError> {
    let gate = Gate::open(ctx)?;
    let (Some(key_id), Some(passphrase)) = (
        ctx.header("cb-access-key"),
        ctx.header("cb-access-passphrase"),
    ) else {
        return Err(gate.fail(
            "missing_credentials",
            "CB-ACCESS-KEY and CB-ACCESS-PASSPHRASE headers are required",
        ));
    };
    let key = gate.key(key_id)?;
    if !ctx
        .app
        .passphrases
        .verify(&ctx.app.master, &key, passphrase)
    {
        return Err(gate.fail(
            "invalid_passphrase",
            "the passphrase does not match this API key",
        ));
    }
    gate.admit(&key)?;
    let rate = gate.rate(&key.id)?;
    Ok(Authenticated {
        caller: Caller::of_key(&key),
        replayed: false,
        fresh_signature: None,
        rate,
    })
}

/// Admin requests (docs/api.md, "Admin API"): `x-api-key` carries a tenant's admin token, found
/// by its keyed hash. The base tenant's token is the super-admin's.
pub fn admin(ctx: &Ctx) -> Result<Authenticated, ApiError> {
    let gate = Gate::open(ctx)?;
    let Some(token) = ctx.header("x-api-key") else {
        return Err(gate.fail(
            "missing_credentials",
            "the x-api-key header with an admin token is required",
        ));
    };
    let lookup = ctx.app.master.token_lookup_hash(token);
    let tenant = ctx
        .app
        .store
        .read(|conn| store::tenants::by_admin_token_hmac(conn, &lookup))?
        .ok_or_else(|| gate.fail("invalid_token", "unknown admin token"))?;
    let actor = Actor::AdminToken {
        tenant_id: tenant.id.clone(),
        super_admin: tenant.is_base,
    };
    let rate = gate.rate(&actor.idempotency_scope())?;
    Ok(Authenticated {
        caller: Caller {
            actor,
            tenant_id: tenant.id,
            environment: None,
            scopes: ScopeSet::EMPTY,
            user_id: None,
            read_only: false,
        },
        replayed: false,
        fresh_signature: None,
        rate,
    })
}

/// Console pages: the session named by the session cookie; `None` without one
/// (or with one that ended). A session whose user is no longer active, or
/// whose role or password changed since sign-in, is over (docs/security.md,
/// "Who can approve", rule 6). `Err` is the page to answer when the session
/// cannot be checked.
pub fn console(ctx: &Ctx) -> Result<Option<Session>, Reply> {
    let Some(token) = cookie(ctx.header("cookie"), SESSION_COOKIE) else {
        return Ok(None);
    };
    let Some(s) = ctx.app.console_sessions.get(&token, ctx.now) else {
        return Ok(None);
    };
    let user = ctx
        .app
        .store
        .read(|conn| store::users::get(conn, &s.tenant_id, &s.user_id));
    let user = match user {
        Ok(u) if u.status == UserStatus::Active && u.credential_version == s.credential_version => {
            u
        }
        Ok(_) | Err(Error::NotFound { .. }) => {
            ctx.app.console_sessions.close(&token);
            return Ok(None);
        }
        Err(e) => {
            log::error!(
                "request {}: console session check failed: {e}",
                ctx.request_id
            );
            return Err(html(
                503,
                message(
                    "Unavailable",
                    "The server cannot check your session; try again.",
                ),
            ));
        }
    };
    let csrf = ctx.app.master.console_token("session", &token);
    Ok(Some(Session {
        user_id: s.user_id,
        tenant_id: s.tenant_id,
        user,
        token,
        csrf,
    }))
}
