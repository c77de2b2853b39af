//! The overview pages' handlers (docs/console.md, "Overview"). Every signed-in
//! user may read them; `env` chooses the books (live unless `env=test`). The
//! transaction listing takes the API's filter parameters and renders rows
//! with the API's own view, so its CSV is what `GET /v1/transactions` lists
//! for the same filter.

use super::overview_pages as pages;
use super::pages::message;
use super::{csv_field, html};
use crate::domain::ids::{canonical_uuid, TenantId};
use crate::domain::page::{Cursor, PageRequest};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::Error;
use crate::http::context::Ctx;
use crate::http::error::ApiError;
use crate::http::native::transactions::{filter_from, render, FILTERS};
use crate::http::query::Query;
use crate::http::reply::Reply;
use crate::http::session::Session;
use crate::service::overview;
use crate::store;
use serde_json::Value;

/// The columns of the CSV export: fields of the API's transaction view.
pub const CSV_FIELDS: [&str; 20] = [
    "id",
    "createdAt",
    "kind",
    "status",
    "assetId",
    "amount",
    "fee",
    "vaultId",
    "sourceWalletId",
    "destinationWalletId",
    "sourceAddress",
    "destinationAddress",
    "destinationTag",
    "txHash",
    "confirmations",
    "requiredConfirmations",
    "note",
    "failureReason",
    "activityId",
    "updatedAt",
];

/// The query's non-empty parameters (a filter form sends empty ones for "any").
fn params(ctx: &Ctx) -> Result<Vec<(String, String)>, Error> {
    let mut q = Query::parse(&ctx.query_string)?;
    let mut out = Vec::new();
    for name in std::iter::once("env").chain(FILTERS.iter().copied()) {
        while let Some(v) = q.take(name) {
            if !v.is_empty() {
                out.push((name.to_string(), v));
            }
        }
    }
    Ok(out)
}

fn encode_params(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{k}={}", super::url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn env_of(params: &[(String, String)]) -> Environment {
    match params
        .iter()
        .find(|(k, _)| k == "env")
        .map(|(_, v)| v.as_str())
    {
        Some("test") => Environment::Test,
        _ => Environment::Live,
    }
}

pub(super) fn show(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let env = env_of(&params(ctx)?);
    let p = Partition {
        tenant_id: s.tenant_id.clone(),
        environment: env,
    };
    let assets = &ctx.app.ledger.assets;
    let o = ctx
        .app
        .store
        .read(|conn| overview::overview(conn, assets, &p))?;
    Ok(html(200, pages::overview(&o, env, &s.csrf)))
}

/// The filtered transactions as the API renders them, and whether more matched.
/// The filtered transactions as the API renders them: one page of
/// `PAGE_ROWS` after the cursor `after` (newest first), or, with `page`
/// `None`, all of them; and whether more matched.
fn listing(
    ctx: &Ctx,
    tenant_id: &TenantId,
    params: &[(String, String)],
    page: Option<Option<String>>,
) -> Result<(Environment, Vec<Value>, bool), ApiError> {
    let env = env_of(params);
    let without_env: Vec<(String, String)> =
        params.iter().filter(|(k, _)| k != "env").cloned().collect();
    let mut query = Query::parse(&encode_params(&without_env))?;
    let filter = filter_from(&mut query)?;
    let p = Partition {
        tenant_id: tenant_id.clone(),
        environment: env,
    };
    let (found, more) = ctx.app.store.read(|conn| match &page {
        None => overview::transactions(conn, &p, &filter),
        Some(after) => {
            let request = PageRequest {
                limit: PAGE_ROWS,
                cursor: after.clone().map(Cursor::After),
            };
            let got = store::transactions::list(conn, &p, &filter, &request)?;
            Ok((got.items, got.more))
        }
    })?;
    let rows = found
        .iter()
        .map(|t| render(&ctx.app.ledger, t))
        .collect::<Result<Vec<_>, Error>>()?;
    Ok((env, rows, more))
}

/// How many rows a page of the HTML listing shows; the CSV has all.
const PAGE_ROWS: u32 = 100;

pub(super) fn transactions(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let params = params(ctx)?;
    let after = match Query::parse(&ctx.query_string)?.take("after") {
        Some(a) => {
            Some(canonical_uuid(&a).ok_or_else(|| Error::field("after", "must be an object id"))?)
        }
        None => None,
    };
    let (env, rows, more) = listing(ctx, &s.tenant_id, &params, Some(after.clone()))?;
    let assets: Vec<String> = ctx
        .app
        .ledger
        .assets
        .all()
        .iter()
        .map(|a| a.id.clone())
        .collect();
    let mut with_env = params.clone();
    if !with_env.iter().any(|(k, _)| k == "env") {
        with_env.insert(0, ("env".into(), env.as_str().into()));
    }
    let filter_qs = encode_params(&with_env);
    let older = rows
        .last()
        .and_then(|t| t["id"].as_str())
        .filter(|_| more)
        .map(|id| format!("{filter_qs}&after={id}"));
    let paging = pages::Paging {
        older,
        newest: after.is_some().then(|| filter_qs.clone()),
    };
    Ok(html(
        200,
        pages::transactions(
            &rows, &paging, env, &params, &filter_qs, &assets, &s.csrf, ctx.now,
        ),
    ))
}

pub(super) fn transactions_csv(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let params = params(ctx)?;
    let (env, rows, more) = listing(ctx, &s.tenant_id, &params, None)?;
    if more {
        return Ok(html(
            413,
            message(
                "Too many rows",
                &format!(
                    "More than {} transactions match; narrow the filter (by dates, for example).",
                    overview::MAX_ROWS
                ),
            ),
        ));
    }
    let mut out = CSV_FIELDS.join(",");
    out.push_str("\r\n");
    for t in &rows {
        let line: Vec<String> = CSV_FIELDS.iter().map(|f| csv_field(&t[*f])).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    Ok(Reply::text(200, "text/csv; charset=utf-8", out)
        .with_header("Cache-Control", "no-store")
        .with_header(
            "Content-Disposition",
            format!(
                "attachment; filename=\"coffer-{}-transactions.csv\"",
                env.as_str()
            ),
        ))
}

pub(super) fn transaction(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let id = ctx.param("id").to_string();
    let found = ctx
        .app
        .store
        .read(|conn| store::transactions::get_any(conn, &id));
    match found {
        Ok((p, t)) if p.tenant_id == s.tenant_id => {
            let view = render(&ctx.app.ledger, &t)?;
            Ok(html(200, pages::transaction(&view, p.environment, &s.csrf)))
        }
        Ok(_) | Err(Error::NotFound { .. }) => Ok(html(
            404,
            message(
                "Not found",
                "There is no such transaction in your organization.",
            ),
        )),
        Err(e) => Err(e.into()),
    }
}
