//! Users: the people of the organization's tenant, `state` in lower case.

use crate::domain::scope::Scope;
use crate::domain::user::{User, UserStatus};
use crate::http::context::Ctx;
use crate::http::error::ApiError;
use crate::http::native::users::requested_user;
use crate::http::openapi::describe::{ok, page, r, PAGING};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::store::{self, users::UserFilter};
use serde_json::{json, Value};

pub fn routes() -> Vec<Route> {
    vec![
        Route::coinbase("GET", "/api/v1/users", Scope::UsersRead, list)
            .doc(ok("Users of the organization", page(r("CbUser"))).query(PAGING)),
        Route::coinbase("GET", "/api/v1/users/{id}", Scope::UsersRead, fetch)
            .doc(ok("One user", r("CbUser"))),
    ]
}

/// The seed's lower-case states ("for example active or disabled").
fn state(s: UserStatus) -> &'static str {
    match s {
        UserStatus::Active => "active",
        UserStatus::Disabled => "disabled",
        UserStatus::PendingApproval => "pending_approval",
    }
}

fn render(u: &User) -> Value {
    json!({
        "id": u.id,
        "name": u.name,
        "state": state(u.status),
        "email": u.email,
        "created_at": u.created_at.to_rfc3339(),
        "updated_at": u.updated_at.to_rfc3339(),
        "role": u.role.as_str(),
    })
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let page_request = query.page()?;
    query.finish()?;
    let tenant_id = &ctx.caller()?.tenant_id;
    let page = ctx
        .app
        .store
        .read(|conn| store::users::list(conn, tenant_id, &UserFilter::default(), &page_request))?;
    Ok(Reply::page(
        &page_request,
        &page,
        |u| u.id.to_string(),
        render,
    ))
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    Ok(Reply::ok(&render(&requested_user(ctx)?)))
}
