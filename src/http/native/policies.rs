//! Approval policies: the whole document, versioned (SPEC §8).

use crate::domain::scope::Scope;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::service::policies;
use serde_json::{Map, Value};
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route::native("GET", "/v1/policies", Scope::UsersRead, fetch),
        Route::native("PUT", "/v1/policies", Scope::UsersWrite, replace).audited("policy.update"),
    ]
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    ctx.query()?.finish()?;
    let ledger = &ctx.app.ledger;
    let policy = ctx.read(|conn, p| policies::current(conn, p, &ledger.assets))?;
    Ok(Reply::ok(&policies::render(&policy, &ledger.assets)))
}

fn replace(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut body = ctx.json()?;
    let mut doc = Map::new();
    for field in ["rules", "velocityLimits"] {
        doc.insert(field.into(), body.take_raw(field).unwrap_or(Value::Null));
    }
    body.finish()?;
    let partition = ctx.partition()?;
    let ledger = Arc::clone(&ctx.app.ledger);
    let now = ctx.now;
    ctx.write(move |conn| {
        let policy = policies::replace(conn, &partition, &ledger.assets, &doc, now)?;
        Ok(Written::new(
            Reply::ok(&policies::render(&policy, &ledger.assets)),
            "policy",
            policy.version.to_string(),
        ))
    })
}
