//! Users: the people of the organization's tenant, `state` in lower case.

use crate::domain::scope::Scope;
use crate::domain::user::User;
use crate::http::context::Ctx;
use crate::http::error::ApiError;
use crate::http::native::users::requested_user;
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::store::{self, users::UserFilter};
use serde_json::{json, Value};

pub fn routes() -> Vec<Route> {
    vec![
        Route::coinbase("GET", "/api/v1/users", Scope::UsersRead, list),
        Route::coinbase("GET", "/api/v1/users/{id}", Scope::UsersRead, fetch),
    ]
}

fn render(u: &User) -> Value {
    json!({
        "id": u.id,
        "name": u.name,
        "state": u.status.as_str().to_ascii_lowercase(),
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
    Ok(Reply::page(&page_request, &page, |u| u.id.clone(), render))
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    Ok(Reply::ok(&render(&requested_user(ctx)?)))
}
