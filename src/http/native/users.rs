//! Users: the people of the tenant, in both environments (docs/api.md, "Consensus"). Any key
//! with `users:read` reads them; changing them takes a live key, and under a
//! live policy a change that gives power to approve waits for the approvers
//! (docs/security.md, "Who can approve").

use crate::domain::ids::UserId;
use crate::domain::scope::Scope;
use crate::domain::user::{User, UserPatch, UserRole, UserStatus};
use crate::domain::vault::validate_name;
use crate::domain::Error;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::openapi::describe::{created, ok, page, r, PAGING};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::service::grant::UsersWrite;
use crate::service::users::{self, NewUser, UserAdmin};
use crate::store::{self, users::UserFilter};
use crate::views;
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route::native("POST", "/v1/users", Scope::UsersWrite, create)
            .doc(
                created(
                    "Add a person to the tenant (live keys only; under a live policy \
                    an approver waits for approval)",
                    r("User"),
                )
                .body(r("UserCreate")),
            )
            .audited("user.create"),
        Route::native("GET", "/v1/users", Scope::UsersRead, list).doc(
            ok("The tenant's people", page(r("User")))
                .query(&["role", "status", "email"])
                .query(PAGING),
        ),
        Route::native("GET", "/v1/users/{id}", Scope::UsersRead, fetch)
            .doc(ok("Fetch a person", r("User"))),
        Route::native("PATCH", "/v1/users/{id}", Scope::UsersWrite, update)
            .doc(
                ok(
                    "Rename, change role, disable or enable a person (live keys only; \
                    a change that gives power to approve may wait for approval)",
                    r("User"),
                )
                .body(r("UserPatch")),
            )
            .audited("user.update"),
    ]
}

fn role(value: &str) -> Result<UserRole, Error> {
    UserRole::parse(value)
        .ok_or_else(|| Error::field("role", format!("must be {}", UserRole::EXPECTED)))
}

/// A status a client may set.
fn status(value: &str) -> Result<UserStatus, Error> {
    UserStatus::parse_settable(value)
        .ok_or_else(|| Error::field("status", format!("must be {}", UserStatus::EXPECTED)))
}

/// A status to filter by: any a user may have.
fn any_status(value: &str) -> Result<UserStatus, Error> {
    UserStatus::parse(value)
        .ok_or_else(|| Error::field("status", "must be one of Active, Disabled, PendingApproval"))
}

/// The caller's right to change users: a live key's (403 for a test key).
fn user_admin(ctx: &Ctx) -> Result<UserAdmin, ApiError> {
    let caller = ctx.caller()?;
    let granted = caller.require::<UsersWrite>()?;
    let environment = caller.environment.ok_or_else(|| {
        Error::Internal("a caller without an environment reached /v1/users".into())
    })?;
    Ok(UserAdmin::for_key(
        &granted,
        &caller.tenant_id,
        environment,
        caller.principal().initiator()?,
        Arc::clone(&ctx.app.ledger),
    )?)
}

fn create(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let admin = user_admin(ctx)?;
    let mut body = ctx.json()?;
    let name = body.required_str("name")?;
    let email = body.required_str("email")?;
    let role = role(&body.required_str("role")?)?;
    let password = body.optional_str("password")?;
    body.finish()?;
    let new = NewUser::prepare(&name, &email, role, password.as_deref())?;
    ctx.write(move |work| {
        let user = users::create(work, &admin, new)?.user;
        Ok(Written::new(
            Reply::created(&views::user(&user)),
            "user",
            user.id,
        ))
    })
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let filter = UserFilter {
        email: query
            .take("email")
            .map(|e| crate::domain::user::normalize_email("email", &e))
            .transpose()?,
        role: query.take("role").as_deref().map(role).transpose()?,
        status: query
            .take("status")
            .as_deref()
            .map(any_status)
            .transpose()?,
    };
    let page_request = query.page()?;
    query.finish()?;
    let tenant_id = &ctx.caller()?.tenant_id;
    let page = ctx
        .app
        .store
        .read(|conn| store::users::list(conn, tenant_id, &filter, &page_request))?;
    Ok(Reply::page(
        &page_request,
        &page,
        |u| u.id.to_string(),
        views::user,
    ))
}

/// The user the path names, in the caller's tenant (users span environments);
/// shared with the Coinbase-compatible API.
pub(crate) fn requested_user(ctx: &Ctx) -> Result<User, ApiError> {
    let id = ctx.path::<UserId>("id")?;
    ctx.query()?.finish()?;
    let tenant_id = &ctx.caller()?.tenant_id;
    Ok(ctx
        .app
        .store
        .read(|conn| store::users::get(conn, tenant_id, &id))?)
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    Ok(Reply::ok(&views::user(&requested_user(ctx)?)))
}

/// 200 with the user; when the change waits for approval, the user as they
/// still are, with the `activityId` holding it.
fn update(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let admin = user_admin(ctx)?;
    let id = ctx.path::<UserId>("id")?;
    let mut body = ctx.json()?;
    let patch = UserPatch {
        name: body
            .optional_str("name")?
            .map(|n| validate_name("name", &n, 200))
            .transpose()?,
        role: body
            .optional_str("role")?
            .as_deref()
            .map(role)
            .transpose()?,
        status: body
            .optional_str("status")?
            .as_deref()
            .map(status)
            .transpose()?,
    };
    body.finish()?;
    if patch.is_empty() {
        return Err(
            Error::bad_request("empty_update", "give at least one of name, role, status").into(),
        );
    }
    ctx.write(move |work| {
        let user = users::update(work, &admin, &id, patch)?.user;
        Ok(Written::new(
            Reply::ok(&views::user(&user)),
            "user",
            user.id,
        ))
    })
}
