//! The approval console (docs/api.md, "Consensus"): a user signs in with email and password and
//! approves or rejects requests on server-rendered pages, no API key needed.
//! Sessions (`http::session`) are checked by the pipeline before a page runs
//! (`http::authenticate::console`); CSRF tokens are keyed hashes of the login
//! nonce or the session token, so they need no storage. This module holds
//! what the pages share: forms, CSRF, cookies, acting as the signed-in user.

mod address_book;
mod address_book_pages;
mod approval_pages;
mod approvals;
mod governance;
mod governance_pages;
mod login;
mod overview;
mod overview_pages;
mod pages;
mod people;
mod people_pages;
pub mod routes;
mod two_factor;

use super::auth::{Actor, Caller};
use super::context::Ctx;
use super::error::{self, ApiError};
pub(super) use super::html::{html, redirect, to_login, url_encode};
use super::query::Query;
use super::reply::Reply;
use super::session as sessions;
use crate::crypto::constant_time_eq;
use crate::domain::ids::{TenantId, UserId};
use crate::domain::scope::ScopeSet;
use crate::domain::Error;

/// `/` is where a person types the server's address: the console.
fn to_console(_: &mut Ctx) -> Result<Reply, ApiError> {
    Ok(redirect("/console"))
}

fn cookie(ctx: &Ctx, name: &str) -> Option<String> {
    sessions::cookie(ctx.header("cookie"), name)
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

fn csrf_ok(expected: &str, given: Option<&str>) -> bool {
    given.is_some_and(|g| constant_time_eq(expected.as_bytes(), g.as_bytes()))
}

/// Acts as the signed-in user from here on (audit records name them).
fn sign_in_as(
    ctx: &mut Ctx,
    tenant_id: &TenantId,
    user_id: &UserId,
    env: Option<crate::domain::tenancy::Environment>,
) {
    ctx.caller = Some(Caller {
        actor: Actor::User(user_id.clone()),
        tenant_id: tenant_id.clone(),
        environment: env,
        scopes: ScopeSet::EMPTY,
        user_id: Some(user_id.clone()),
        read_only: false,
    });
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
/// API's for the same error (`error::status`); `None` for the server's own
/// failures.
fn status_of(e: &Error) -> Option<u16> {
    Some(error::status(e)).filter(|status| *status < 500)
}
