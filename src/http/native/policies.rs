//! Approval policies: the whole document, versioned (docs/decisions.md,
//! "Consensus"); a live change waits for approvals while one is required.

use crate::domain::scope::Scope;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::openapi::describe::{ok, r};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::service::grant::UsersWrite;
use crate::service::policies;
use crate::service::policy_changes::{self, Proposed};
use serde_json::{Map, Value};
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route::native("GET", "/v1/policies", Scope::UsersRead, fetch)
            .doc(ok("The approval policy in force", r("Policy"))),
        Route::native("PUT", "/v1/policies", Scope::UsersWrite, replace)
            .doc(
                ok("Replace the approval policy (a new version)", r("Policy"))
                    .body(r("PolicyDocument")),
            )
            .audited("policy.update"),
    ]
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    ctx.query()?.finish()?;
    let ledger = &ctx.app.ledger;
    let policy = ctx.read(|conn, p| policies::current(conn, p, &ledger.assets))?;
    Ok(Reply::ok(&policies::render(&policy, &ledger.assets, None)))
}

fn replace(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut body = ctx.json()?;
    let mut doc = Map::new();
    for field in ["rules", "velocityLimits"] {
        doc.insert(field.into(), body.take_raw(field).unwrap_or(Value::Null));
    }
    body.finish()?;
    let granted = ctx.caller()?.require::<UsersWrite>()?;
    let ledger = Arc::clone(&ctx.app.ledger);
    ctx.write(move |work| {
        match policy_changes::propose(&ledger, work, &granted, &doc)? {
            Proposed::Applied(policy) => Ok(Written::new(
                Reply::ok(&policies::render(&policy, &ledger.assets, None)),
                "policy",
                policy.version.to_string(),
            )),
            // The policy in force, and the activity the new one waits on.
            Proposed::Held { current, activity } => {
                let view = policies::render(&current, &ledger.assets, Some(&activity.id));
                Ok(Written::new(Reply::ok(&view), "activity", activity.id))
            }
        }
    })
}
