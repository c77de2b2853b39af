//! `GET /v1/audit-log`: the hash-chained audit trail (docs/api.md, "Audit"), newest first.

use crate::domain::audit::{actor_type_name, AuditRecord};
use crate::domain::scope::Scope;
use crate::domain::Error;
use crate::http::context::Ctx;
use crate::http::error::ApiError;
use crate::http::openapi::describe::{ok, page, r, PAGING};
use crate::http::query::Query;
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::store::{self, audit::AuditFilter};
use serde_json::{json, Value};

/// The filters of the audit log, here and on the console.
pub const FILTERS: &[&str] = &[
    "action",
    "objectType",
    "objectId",
    "actorId",
    "createdFrom",
    "createdTo",
];

pub fn routes() -> Vec<Route> {
    vec![
        Route::native("GET", "/v1/audit-log", Scope::AuditRead, list).doc(
            ok("The hash-chained audit trail", page(r("AuditRecord")))
                .query(FILTERS)
                .query(PAGING),
        ),
    ]
}

/// A record as the API shows it. `environment` is null for the tenant's
/// environment-less records (CLI actions on the tenant as a whole).
pub fn render(r: &AuditRecord) -> Value {
    let e = &r.entry;
    json!({
        "id": r.id,
        "sequence": r.seq,
        "action": e.action,
        "actor": {"type": actor_type_name(&e.actor_type), "id": e.actor_id},
        "environment": e.environment.map(|env| env.as_str()),
        "ip": e.ip,
        "objectType": e.object_type,
        "objectId": e.object_id,
        "requestId": e.request_id,
        "createdAt": r.created_at.to_rfc3339(),
        "prevHash": r.prev_hash,
        "hash": r.hash,
    })
}

/// A free-text filter: 1 to 200 characters.
fn text_param(field: &str, value: Option<String>) -> Result<Option<String>, Error> {
    match value {
        Some(v) if v.is_empty() || v.chars().count() > 200 => {
            Err(Error::field(field, "must be 1 to 200 characters"))
        }
        other => Ok(other),
    }
}

/// The listing's filter from its query parameters (the console's audit page
/// and CSV take the same ones).
pub fn filter_from(query: &mut Query) -> Result<AuditFilter, Error> {
    Ok(AuditFilter {
        action: text_param("action", query.take("action"))?,
        object_type: text_param("objectType", query.take("objectType"))?,
        object_id: text_param("objectId", query.take("objectId"))?,
        actor_id: text_param("actorId", query.take("actorId"))?,
        created_from: query.take_time("createdFrom")?,
        created_to: query.take_time("createdTo")?,
    })
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let filter = filter_from(&mut query)?;
    let page_request = query.page()?;
    query.finish()?;
    let partition = ctx.partition()?;
    let page = ctx
        .app
        .store
        .read(|conn| store::audit::list(conn, &partition, &filter, &page_request))?;
    Ok(Reply::page(&page_request, &page, |r| r.id.clone(), render))
}
