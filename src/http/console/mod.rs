//! The approval console (docs/api.md, "Consensus"): a user signs in with email and password and
//! approves or rejects requests on server-rendered pages, no API key needed.
//! Sessions live in memory (a restart signs everyone out; the database holds
//! no session secret); CSRF tokens are keyed hashes of the login nonce or the
//! session token, so they need no storage either. A session remembers the
//! user's credential version and every page checks it against the database,
//! so disabling a user, changing their role or their password (through the
//! API or `coffer users passwd` in another process) ends their sessions.

mod address_book;
mod approval_pages;
mod approvals;
mod governance;
mod governance_pages;
mod login;
mod overview;
mod overview_pages;
pub(crate) mod pages;
mod people;
mod two_factor;

use super::auth::{Actor, Caller};
use super::context::Ctx;
use super::query::Query;
use super::reply::Reply;
use super::router::Route;
use crate::clock::Timestamp;
use crate::crypto::{constant_time_eq, random_token, sha256_hex};
use crate::domain::scope::ScopeSet;
use crate::domain::user::{User, UserStatus};
use crate::domain::Error;
use crate::store;
use std::collections::HashMap;
use std::sync::Mutex;

const SESSION_COOKIE: &str = "coffer_session";
const LOGIN_COOKIE: &str = "coffer_login";
/// A console session lasts this long after sign-in.
const SESSION_SECS: i64 = 12 * 3600;
const MAX_SESSIONS: usize = 10_000;
/// Wrong two-factor codes a user may enter per minute.
pub const WRONG_CODES_PER_MINUTE: u32 = 5;

pub fn routes() -> Vec<Route> {
    vec![
        Route::console("GET", "/", to_console),
        Route::console("GET", "/console", approvals::pending),
        Route::console("GET", "/console/login", login::login_form),
        Route::console("POST", "/console/login", login::login).audited("console.login"),
        Route::console("POST", "/console/logout", login::logout).audited("console.logout"),
        Route::console("GET", "/console/activities", approvals::pending),
        Route::console("GET", "/console/history", approvals::history),
        Route::console("GET", "/console/activities/{id}", approvals::show),
        Route::console(
            "POST",
            "/console/activities/{id}/approve",
            approvals::approve,
        )
        .audited("activity.approve"),
        Route::console("POST", "/console/activities/{id}/reject", approvals::reject)
            .audited("activity.reject"),
        Route::console("GET", "/console/overview", overview::show),
        Route::console("GET", "/console/transactions", overview::transactions),
        Route::console(
            "GET",
            "/console/transactions.csv",
            overview::transactions_csv,
        ),
        Route::console("GET", "/console/transactions/{id}", overview::transaction),
        Route::console("GET", "/console/more", governance::more),
        Route::console("GET", "/console/address-book", address_book::show),
        Route::console("POST", "/console/address-book", address_book::add)
            .audited("address_book.create"),
        Route::console(
            "POST",
            "/console/address-book/{id}/remove",
            address_book::remove,
        )
        .audited("address_book.delete"),
        Route::console("GET", "/console/policies", governance::policy),
        Route::console("GET", "/console/users", governance::users),
        Route::console("POST", "/console/users/{id}/disable", people::disable_user)
            .audited("user.update"),
        Route::console("POST", "/console/keys/{id}/revoke", people::revoke_key)
            .audited("api_key.revoke"),
        Route::console("GET", "/console/webhooks", governance::webhooks),
        Route::console(
            "POST",
            "/console/webhooks/deliveries/{id}/redeliver",
            people::redeliver,
        )
        .audited("webhook.redeliver"),
        Route::console("GET", "/console/audit", governance::audit),
        Route::console("GET", "/console/audit.csv", governance::audit_csv),
        Route::console("GET", "/console/2fa", two_factor::show),
        Route::console("POST", "/console/2fa/start", two_factor::start)
            .audited("user.second_factor_begin"),
        Route::console("POST", "/console/2fa/confirm", two_factor::confirm)
            .audited("user.second_factor_confirm"),
    ]
}

/// `/` is where a person types the server's address: the console.
fn to_console(_: &mut Ctx) -> Result<Reply, super::error::ApiError> {
    Ok(redirect("/console"))
}

#[derive(Debug, Clone)]
struct Stored {
    user_id: String,
    tenant_id: String,
    /// The user's `credential_version` at sign-in.
    credential_version: i64,
    expires_at: Timestamp,
}

/// Signed-in sessions by the SHA-256 of their token.
#[derive(Default)]
pub struct Sessions(Mutex<HashMap<String, Stored>>);

impl Sessions {
    fn open(&self, user: &User, tenant_id: &str, now: Timestamp) -> Result<String, Error> {
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
                tenant_id: tenant_id.into(),
                credential_version: user.credential_version,
                expires_at: now.plus_seconds(SESSION_SECS),
            },
        );
        Ok(token)
    }

    fn get(&self, token: &str, now: Timestamp) -> Option<Stored> {
        let map = self.0.lock().ok()?;
        map.get(&sha256_hex(token.as_bytes()))
            .filter(|s| s.expires_at > now)
            .cloned()
    }

    fn close(&self, token: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(&sha256_hex(token.as_bytes()));
        }
    }
}

/// An HTML answer with the console's protective headers.
pub(crate) fn html(status: u16, body: String) -> Reply {
    Reply::text(status, "text/html; charset=utf-8", body)
        .with_header("Cache-Control", "no-store")
        .with_header("X-Frame-Options", "DENY")
        .with_header(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        )
}

fn redirect(to: &str) -> Reply {
    Reply::text(303, "text/plain; charset=utf-8", String::new()).with_header("Location", to)
}

fn cookie(ctx: &Ctx, name: &str) -> Option<String> {
    ctx.header("cookie")?
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_string())
}

/// A cookie for the console's paths: HttpOnly, SameSite=Strict, and Secure
/// when clients reach Coffer over TLS (`public_url` is https).
fn set_cookie(ctx: &Ctx, name: &str, value: &str, max_age: i64) -> String {
    let secure = if ctx.app.config.public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    format!("{name}={value}; Path=/console; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}")
}

/// A form body (`application/x-www-form-urlencoded`).
fn form(ctx: &Ctx) -> Result<Query, Error> {
    let text = std::str::from_utf8(&ctx.body)
        .map_err(|_| Error::bad_request("invalid_form", "the form is not UTF-8"))?;
    Query::parse(text)
}

/// Where to go after signing in: only a console page, never another site.
/// It may carry a query (the comment of a decision the session ended under).
fn safe_next(next: Option<String>) -> String {
    next.filter(|n| {
        (n == "/console" || n.starts_with("/console/") || n.starts_with("/console?"))
            && !n.contains("//")
            && !n.contains('\\')
            && n.is_ascii()
            && !n.chars().any(|c| c.is_ascii_control())
    })
    .unwrap_or_else(|| "/console".into())
}

/// Percent-encodes `s` for a URL query value; `/` stays readable.
fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn csrf_ok(expected: &str, given: Option<&str>) -> bool {
    given.is_some_and(|g| constant_time_eq(expected.as_bytes(), g.as_bytes()))
}

/// Acts as the signed-in user from here on (audit records name them).
fn sign_in_as(
    ctx: &mut Ctx,
    tenant_id: &str,
    user_id: &str,
    env: Option<crate::domain::tenancy::Environment>,
) {
    ctx.caller = Some(Caller {
        actor: Actor::User(user_id.to_string()),
        tenant_id: tenant_id.to_string(),
        environment: env,
        scopes: ScopeSet::EMPTY,
        user_id: Some(user_id.to_string()),
        read_only: false,
    });
}

/// A signed-in request: who, where, and the CSRF token its forms carry.
struct Session {
    user_id: String,
    tenant_id: String,
    user: User,
    token: String,
    csrf: String,
}

/// Where a request without a session goes: the sign-in form, coming back to
/// `back` afterwards.
fn to_login(back: &str) -> Reply {
    redirect(&format!("/console/login?next={}", url_encode(back)))
}

/// The session of the request, or where to sign in. A session whose user is
/// no longer active, or whose role or password changed since sign-in, is over
/// (docs/security.md, "Who can approve", rule 6).
fn session(ctx: &Ctx) -> Result<Session, Reply> {
    let here = ctx.url.split('?').next().unwrap_or("/console");
    let token = cookie(ctx, SESSION_COOKIE).ok_or_else(|| to_login(here))?;
    let s = ctx
        .app
        .console_sessions
        .get(&token, ctx.now)
        .ok_or_else(|| to_login(here))?;
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
            return Err(to_login(here));
        }
        Err(e) => {
            log::error!(
                "request {}: console session check failed: {e}",
                ctx.request_id
            );
            return Err(html(
                503,
                pages::message(
                    "Unavailable",
                    "The server cannot check your session; try again.",
                ),
            ));
        }
    };
    let csrf = ctx.app.master.console_token("session", &token);
    Ok(Session {
        user_id: s.user_id,
        tenant_id: s.tenant_id,
        user,
        token,
        csrf,
    })
}

/// Seconds to wait when `user_id` entered too many wrong codes lately.
fn codes_exhausted(ctx: &Ctx, user_id: &str) -> Option<u64> {
    ctx.app
        .second_factor_limiter
        .exhausted(&format!("2fa:{user_id}"), ctx.now)
        .map(|info| info.retry_after_secs(ctx.now))
}

/// Counts a wrong code of `user_id`.
fn code_failed(ctx: &Ctx, user_id: &str) {
    let _ = ctx
        .app
        .second_factor_limiter
        .hit(&format!("2fa:{user_id}"), ctx.now);
}

/// One CSV field of an export: quoted when it holds a separator, quote or line break.
fn csv_field(v: &serde_json::Value) -> String {
    let text = match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The status a console change refused by the domain answers with: the
/// API's for the same error; `None` for the server's own failures.
pub(super) fn status_of(e: &Error) -> Option<u16> {
    Some(match e {
        Error::InvalidField { .. } | Error::BadRequest { .. } => 400,
        Error::Forbidden { .. } => 403,
        Error::NotFound { .. } => 404,
        Error::Conflict { .. } => 409,
        Error::Refused { .. } => 422,
        Error::Unavailable(_) | Error::Internal(_) => return None,
    })
}
