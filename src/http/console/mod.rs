//! The approval console (SPEC §8): a user signs in with email and password and
//! approves or rejects requests on server-rendered pages, no API key needed.
//! Sessions live in memory (a restart signs everyone out; the database holds
//! no session secret); CSRF tokens are keyed hashes of the login nonce or the
//! session token, so they need no storage either. A session remembers the
//! user's credential version and every page checks it against the database,
//! so disabling a user, changing their role or their password (through the
//! API or `coffer users passwd` in another process) ends their sessions.

pub(crate) mod pages;

use super::auth::{Actor, Caller};
use super::context::{Ctx, Written};
use super::error::ApiError;
use super::query::Query;
use super::reply::Reply;
use super::router::Route;
use crate::clock::Timestamp;
use crate::crypto::{constant_time_eq, random_token, sha256_hex, verify_password};
use crate::domain::activity::Vote;
use crate::domain::scope::ScopeSet;
use crate::domain::user::{normalize_email, User, UserStatus};
use crate::domain::vault::validate_name;
use crate::domain::Error;
use crate::service::approvals::{self, Voter};
use crate::service::users;
use crate::store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const SESSION_COOKIE: &str = "coffer_session";
const LOGIN_COOKIE: &str = "coffer_login";
/// A console session lasts this long after sign-in.
const SESSION_SECS: i64 = 12 * 3600;
const MAX_SESSIONS: usize = 10_000;

pub fn routes() -> Vec<Route> {
    vec![
        Route::console("GET", "/console/login", login_form),
        Route::console("POST", "/console/login", login).audited("console.login"),
        Route::console("POST", "/console/logout", logout).audited("console.logout"),
        Route::console("GET", "/console/activities", pending),
        Route::console("GET", "/console/activities/{id}", show),
        Route::console("POST", "/console/activities/{id}/approve", approve)
            .audited("activity.approve"),
        Route::console("POST", "/console/activities/{id}/reject", reject)
            .audited("activity.reject"),
    ]
}

#[derive(Debug, Clone)]
struct Session {
    user_id: String,
    tenant_id: String,
    /// The user's `credential_version` at sign-in.
    credential_version: i64,
    expires_at: Timestamp,
}

/// Signed-in sessions by the SHA-256 of their token.
#[derive(Default)]
pub struct Sessions(Mutex<HashMap<String, Session>>);

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
            Session {
                user_id: user.id.clone(),
                tenant_id: tenant_id.into(),
                credential_version: user.credential_version,
                expires_at: now.plus_seconds(SESSION_SECS),
            },
        );
        Ok(token)
    }

    fn get(&self, token: &str, now: Timestamp) -> Option<Session> {
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
fn safe_next(next: Option<String>) -> String {
    next.filter(|n| {
        n.starts_with("/console/") && !n.contains("//") && !n.contains('\\') && n.is_ascii()
    })
    .unwrap_or_else(|| "/console/activities".into())
}

fn csrf_ok(expected: &str, given: Option<&str>) -> bool {
    given.is_some_and(|g| constant_time_eq(expected.as_bytes(), g.as_bytes()))
}

fn login_page(ctx: &Ctx, status: u16, next: &str, error: Option<&str>) -> Result<Reply, ApiError> {
    let nonce = random_token(32).map_err(|e| Error::Internal(format!("no randomness: {e}")))?;
    let csrf = ctx.app.master.console_token("login", &nonce);
    Ok(html(status, pages::login(&csrf, next, error))
        .with_header("Set-Cookie", set_cookie(ctx, LOGIN_COOKIE, &nonce, 3600)))
}

fn login_form(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let next = safe_next(query.take("next"));
    login_page(ctx, 200, &next, None)
}

fn login(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let ip = ctx.ip.to_string();
    if ctx
        .app
        .failed_auth_limiter
        .exhausted(&ip, ctx.now)
        .is_some()
    {
        return Ok(html(
            429,
            pages::message(
                "Too many attempts",
                "Too many failed sign-ins; wait a minute.",
            ),
        ));
    }
    let mut form = form(ctx)?;
    let next = safe_next(form.take("next"));
    let expected = cookie(ctx, LOGIN_COOKIE).map(|n| ctx.app.master.console_token("login", &n));
    if !expected.is_some_and(|e| csrf_ok(&e, form.take("csrf_token").as_deref())) {
        return login_page(
            ctx,
            403,
            &next,
            Some("The form expired; please sign in again."),
        );
    }
    let email = form.take("email").unwrap_or_default();
    let password = form.take("password").unwrap_or_default();
    let found = match normalize_email("email", &email) {
        Ok(email) => ctx
            .app
            .store
            .read(|conn| store::users::with_email_in_any_tenant(conn, &email))?,
        Err(_) => Vec::new(),
    };
    let Some((tenant_id, user)) = users::sign_in(found, &password, verify_password) else {
        let _ = ctx.app.failed_auth_limiter.hit(&ip, ctx.now);
        return login_page(ctx, 401, &next, Some("Wrong email or password."));
    };
    let token = ctx.app.console_sessions.open(&user, &tenant_id, ctx.now)?;
    sign_in_as(ctx, &tenant_id, &user.id, None);
    let reply = redirect(&next).with_header(
        "Set-Cookie",
        set_cookie(ctx, SESSION_COOKIE, &token, SESSION_SECS),
    );
    ctx.write(move |_| Ok(Written::new(reply, "user", user.id)))
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

/// The session of the request and its CSRF token, or where to sign in. A
/// session whose user is no longer active, or whose role or password changed
/// since sign-in, is over.
fn session(ctx: &Ctx) -> Result<(Session, String, String), Reply> {
    let here = ctx.url.split('?').next().unwrap_or("/console/activities");
    let to_login = || redirect(&format!("/console/login?next={here}"));
    let token = cookie(ctx, SESSION_COOKIE).ok_or_else(to_login)?;
    let s = ctx
        .app
        .console_sessions
        .get(&token, ctx.now)
        .ok_or_else(to_login)?;
    let user = ctx
        .app
        .store
        .read(|conn| store::users::get(conn, &s.tenant_id, &s.user_id));
    let current = match user {
        Ok(u) => u.status == UserStatus::Active && u.credential_version == s.credential_version,
        Err(Error::NotFound { .. }) => false,
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
    if !current {
        ctx.app.console_sessions.close(&token);
        return Err(to_login());
    }
    let csrf = ctx.app.master.console_token("session", &token);
    Ok((s, token, csrf))
}

fn logout(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let (s, token, csrf) = match session(ctx) {
        Ok(found) => found,
        Err(_) => return Ok(redirect("/console/login")),
    };
    if !csrf_ok(&csrf, form(ctx)?.take("csrf_token").as_deref()) {
        return Ok(html(403, pages::message("Refused", "The form expired.")));
    }
    ctx.app.console_sessions.close(&token);
    sign_in_as(ctx, &s.tenant_id, &s.user_id, None);
    let reply = redirect("/console/login")
        .with_header("Set-Cookie", set_cookie(ctx, SESSION_COOKIE, "", 0));
    let user_id = s.user_id.clone();
    ctx.write(move |_| Ok(Written::new(reply, "user", user_id)))
}

fn pending(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let (s, _, csrf) = match session(ctx) {
        Ok(found) => found,
        Err(to_login) => return Ok(to_login),
    };
    let list = ctx
        .app
        .store
        .read(|conn| store::activities::pending_in_tenant(conn, &s.tenant_id, 100))?;
    Ok(html(200, pages::pending(&list, &csrf)))
}

fn show_page(
    ctx: &Ctx,
    s: &Session,
    csrf: &str,
    status: u16,
    error: Option<&str>,
) -> Result<Reply, ApiError> {
    let id = ctx.param("id").to_string();
    let found = ctx.app.store.read(|conn| {
        let (p, a) = store::activities::get_in_tenant(conn, &s.tenant_id, &id)?;
        let approvals = store::activities::approvals(conn, &a.id)?;
        // Approvers of a change to a user see what approving would do.
        let change = match a.object_type.as_str() {
            "user" => Some(store::users::change(conn, &a.id)?.1.describe()),
            _ => None,
        };
        Ok((p, a, approvals, change))
    });
    match found {
        Ok((p, a, approvals, change)) => Ok(html(
            status,
            pages::activity(&p, &a, change.as_deref(), &approvals, csrf, error),
        )),
        Err(Error::NotFound { .. }) => Ok(html(
            404,
            pages::message(
                "Not found",
                "There is no such request in your organization.",
            ),
        )),
        Err(e) => Err(e.into()),
    }
}

fn show(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    match session(ctx) {
        Ok((s, _, csrf)) => show_page(ctx, &s, &csrf, 200, None),
        Err(to_login) => Ok(to_login),
    }
}

fn approve(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    decide(ctx, Vote::Approve)
}

fn reject(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    decide(ctx, Vote::Reject)
}

fn decide(ctx: &mut Ctx, vote: Vote) -> Result<Reply, ApiError> {
    let (s, _, csrf) = match session(ctx) {
        Ok(found) => found,
        Err(to_login) => return Ok(to_login),
    };
    let mut form = form(ctx)?;
    if !csrf_ok(&csrf, form.take("csrf_token").as_deref()) {
        return show_page(
            ctx,
            &s,
            &csrf,
            403,
            Some("The form expired; reload the page."),
        );
    }
    let comment = match form.take("comment").filter(|c| !c.trim().is_empty()) {
        Some(c) => match validate_name("comment", &c, 1000) {
            Ok(c) => Some(c),
            Err(e) => return show_page(ctx, &s, &csrf, 400, Some(&e.to_string())),
        },
        None => None,
    };
    let id = ctx.param("id").to_string();
    let found = ctx
        .app
        .store
        .read(|conn| store::activities::get_in_tenant(conn, &s.tenant_id, &id));
    let p = match found {
        Ok((p, _)) => p,
        Err(Error::NotFound { .. }) => return show_page(ctx, &s, &csrf, 404, None),
        Err(e) => return Err(e.into()),
    };
    sign_in_as(ctx, &s.tenant_id, &s.user_id, Some(p.environment));
    let ledger = Arc::clone(&ctx.app.ledger);
    let now = ctx.now;
    let voter = Voter::Console(s.user_id.clone());
    let page = format!("/console/activities/{id}");
    let result = ctx.write(move |conn| {
        let (a, _) = approvals::vote(&ledger, conn, &p, &id, &voter, vote, comment, now)?;
        Ok(Written::new(redirect(&page), "activity", a.id))
    });
    match result {
        Ok(reply) => {
            ctx.app.chain_worker.wake();
            Ok(reply)
        }
        Err(ApiError::Domain(
            e @ (Error::Conflict { .. } | Error::Forbidden { .. } | Error::Refused { .. }),
        )) => {
            let status = if matches!(e, Error::Forbidden { .. }) {
                403
            } else {
                409
            };
            show_page(ctx, &s, &csrf, status, Some(&e.to_string()))
        }
        Err(e) => Err(e),
    }
}
