//! Authentication into a typed `Caller`, for each API family (docs/api.md, "Authentication"): native
//! requests are HMAC-signed, Coinbase-compatible ones carry a key id and a
//! passphrase, admin ones an admin token. The steps they share (the failed-auth
//! limit per address, the key look-up, the key's state and IP allow-list, the
//! rate limit) live in `Gate`, so every family applies the same rules.

use super::context::Ctx;
use super::error::ApiError;
use super::ratelimit::RateInfo;
use crate::crypto::constant_time_eq;
use crate::domain::apikey::{ApiKey, KeyState};
use crate::domain::cidr::IpAllowList;
use crate::domain::scope::{Scope, ScopeSet};
use crate::domain::signing::{sign, SeenSignature};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::Error;
use crate::service::grant::{Granted, Permission};
use crate::service::work::Principal;
use crate::store;

/// Who is calling, proven.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    pub tenant_id: String,
    /// The environment an API key lives in; `None` for an admin token, which
    /// manages keys of both.
    pub environment: Option<Environment>,
    pub scopes: ScopeSet,
    pub user_id: Option<String>,
    pub read_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    ApiKey(String),
    /// A person signed in to the approval console.
    User(String),
    AdminToken {
        tenant_id: String,
        super_admin: bool,
    },
}

impl Actor {
    pub fn audit_type(&self) -> &'static str {
        match self {
            Actor::ApiKey(_) => "api_key",
            Actor::User(_) => "user",
            Actor::AdminToken { .. } => "admin_token",
        }
    }

    pub fn id(&self) -> String {
        match self {
            Actor::ApiKey(id) | Actor::User(id) => id.clone(),
            Actor::AdminToken { tenant_id, .. } => tenant_id.clone(),
        }
    }

    /// The namespace of this actor's idempotency keys.
    pub fn idempotency_scope(&self) -> String {
        format!("{}:{}", self.audit_type(), self.id())
    }
}

impl Caller {
    fn of_key(key: &ApiKey) -> Caller {
        Caller {
            actor: Actor::ApiKey(key.id.clone()),
            tenant_id: key.tenant_id.clone(),
            environment: Some(key.environment),
            scopes: key.granted(),
            user_id: key.user_id.clone(),
            read_only: key.read_only,
        }
    }

    /// The books an API key sees: its tenant in its environment.
    pub fn partition(&self) -> Result<Partition, Error> {
        let environment = self.environment.ok_or_else(|| {
            Error::Internal("an admin token reached an endpoint of one environment".into())
        })?;
        Ok(Partition {
            tenant_id: self.tenant_id.clone(),
            environment,
        })
    }

    /// Who acts, for the unit of work.
    pub fn principal(&self) -> Principal {
        match &self.actor {
            Actor::ApiKey(id) => Principal::ApiKey {
                id: id.clone(),
                user_id: self.user_id.clone(),
            },
            Actor::User(id) => Principal::User(id.clone()),
            Actor::AdminToken { tenant_id, .. } => Principal::AdminToken(tenant_id.clone()),
        }
    }

    /// The caller's grant of `S`, which the service function needing it
    /// demands (403 unless the caller holds it).
    pub fn require<S: Permission>(&self) -> Result<Granted<S>, ApiError> {
        self.holds(S::SCOPE)?;
        Granted::check(&self.scopes).ok_or_else(|| {
            Error::Internal(format!("scope {} held but not granted", S::SCOPE)).into()
        })
    }

    /// 403 unless the caller holds `scope`.
    pub fn holds(&self, scope: Scope) -> Result<(), ApiError> {
        if self.scopes.contains(scope) {
            Ok(())
        } else if self.read_only && !scope.is_read() {
            Err(ApiError::forbidden(
                "missing_scope",
                format!("this API key is read-only; '{scope}' needs a read-write key"),
            ))
        } else {
            Err(ApiError::forbidden(
                "missing_scope",
                format!("this API key lacks the '{scope}' scope"),
            ))
        }
    }
}

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
        let key = match Environment::of_key_id(key_id) {
            Some(_) => self
                .ctx
                .app
                .store
                .read(|conn| store::keys::get(conn, key_id))?,
            None => None,
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
    let mutating = ctx.route.is_mutating();
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
