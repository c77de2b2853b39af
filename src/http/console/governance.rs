//! Handlers of the governance pages (docs/console.md, "Governance"). Every
//! signed-in user reads the address book (its own module, `address_book`,
//! which also changes it), the policy and the users (an approver judges
//! requests by them); API keys, webhooks and the audit log
//! are for admins and auditors (admins change users, keys and deliveries in
//! `people`). `env` chooses the books (live unless
//! `env=test`), as on the overview.

use super::governance_pages as pages;
use super::pages::{message, Flash};
use super::people_pages;
use super::{csv_field, html, url_encode};
use crate::domain::page::PageRequest;
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::user::UserRole;
use crate::domain::Error;
use crate::http::context::Ctx;
use crate::http::error::ApiError;
use crate::http::native::audit_log;
use crate::http::query::Query;
use crate::http::reply::Reply;
use crate::http::session::Session;
use crate::service::{overview, policies, second_factor};
use crate::store;
use serde_json::Value;
use std::collections::HashMap;

/// The columns of the audit CSV: fields of the API's audit record.
pub const AUDIT_CSV_FIELDS: [&str; 11] = [
    "id",
    "sequence",
    "createdAt",
    "actorType",
    "actorId",
    "action",
    "environment",
    "objectType",
    "objectId",
    "ip",
    "requestId",
];

/// A query's non-empty parameters besides `env`.
type Params = Vec<(String, String)>;

/// The signed-in session, the books the page is about, the query's other
/// non-empty parameters, or where to go instead.
fn open(ctx: &Ctx, s: Session, privileged: bool) -> Result<(Session, Partition, Params), Reply> {
    if privileged && !matches!(s.user.role, UserRole::Admin | UserRole::Auditor) {
        return Err(html(
            403,
            message(
                "Not for your role",
                "This page is for admins and auditors; ask one of them.",
            ),
        ));
    }
    let mut q = Query::parse(&ctx.query_string)
        .map_err(|e| html(400, message("Bad request", &e.to_string())))?;
    let environment = match q.take("env").as_deref() {
        Some("test") => Environment::Test,
        _ => Environment::Live,
    };
    let rest = audit_log::FILTERS
        .iter()
        .filter_map(|n| {
            q.take(n)
                .filter(|v| !v.is_empty())
                .map(|v| (n.to_string(), v))
        })
        .collect();
    let p = Partition {
        tenant_id: s.tenant_id.clone(),
        environment,
    };
    Ok((s, p, rest))
}

macro_rules! open_or_return {
    ($ctx:expr, $session:expr, $privileged:expr) => {
        match open($ctx, $session, $privileged) {
            Ok(found) => found,
            Err(reply) => return Ok(reply),
        }
    };
}

pub(super) fn more(_: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    Ok(html(200, super::pages::more(&s.csrf)))
}

fn vault_names(ctx: &Ctx, p: &Partition) -> Result<HashMap<String, String>, Error> {
    let (vaults, _) = ctx.app.store.read(|conn| {
        overview::all(
            |v: &crate::domain::vault::Vault| v.id.to_string(),
            |r: &PageRequest| store::vaults::list(conn, p, &Default::default(), r),
        )
    })?;
    Ok(vaults.into_iter().map(|v| (v.id.into(), v.name)).collect())
}

pub(super) fn policy(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let (s, p, _) = open_or_return!(ctx, s, false);
    let assets = &ctx.app.ledger.assets;
    let policy = ctx
        .app
        .store
        .read(|conn| policies::current(conn, &p, assets))?;
    let names = vault_names(ctx, &p)?;
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    Ok(html(
        200,
        pages::policy(&policy, p.environment, &name, assets, &s.csrf),
    ))
}

/// What the last change on the users page did, from the redirect's query
/// (`disabled=<user id>` or `revoked=<key id>`: ids, never text).
pub(super) enum Done {
    Nothing,
    Disabled(String),
    Revoked(String),
}

pub(super) fn users(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let (s, _, _) = open_or_return!(ctx, s, false);
    let mut q = Query::parse(&ctx.query_string)?;
    let done = match (q.take("disabled"), q.take("revoked")) {
        (Some(id), _) => Done::Disabled(id),
        (_, Some(id)) => Done::Revoked(id),
        _ => Done::Nothing,
    };
    render_users(ctx, &s, 200, &done, None)
}

/// The users page; `error` says why a change was refused.
pub(super) fn render_users(
    ctx: &Ctx,
    s: &Session,
    status: u16,
    done: &Done,
    error: Option<String>,
) -> Result<Reply, ApiError> {
    let privileged = matches!(s.user.role, UserRole::Admin | UserRole::Auditor);
    let (list, keys) = ctx.app.store.read(|conn| {
        let (users, _) = overview::all(
            |u: &crate::domain::user::User| u.id.to_string(),
            |r: &PageRequest| store::users::list(conn, &s.tenant_id, &Default::default(), r),
        )?;
        let list = users
            .into_iter()
            .map(|u| {
                let on = second_factor::enrolled(conn, &u.id)?;
                Ok((u, on))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let keys = if privileged {
            store::keys::list(conn, Some(&s.tenant_id))?
        } else {
            Vec::new()
        };
        Ok((list, keys))
    })?;
    let names: HashMap<&str, &str> = list
        .iter()
        .map(|(u, _)| (&*u.id, u.name.as_str()))
        .collect();
    let name_of = |id: &str| {
        names
            .get(id)
            .map_or_else(|| id.to_string(), |n| (*n).to_string())
    };
    let notice = match done {
        Done::Nothing => None,
        Done::Disabled(id) => names
            .get(id.as_str())
            .map(|n| format!("Disabled \u{201c}{n}\u{201d}: their console sessions ended.")),
        Done::Revoked(id) => keys
            .iter()
            .find(|k| &k.id == id)
            .map(|k| format!("Revoked the key \u{201c}{}\u{201d}.", k.name)),
    };
    let admin = (s.user.role == UserRole::Admin).then_some(&s.user_id);
    let flash = Flash { notice, error };
    Ok(html(
        status,
        people_pages::users(&list, &keys, &name_of, &s.csrf, admin, &flash),
    ))
}

pub(super) fn webhooks(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let (s, p, _) = open_or_return!(ctx, s, true);
    let mut q = Query::parse(&ctx.query_string)?;
    let notice = q
        .take("redelivered")
        .map(|_| "Queued again: the event is sent once more, with the same id.".to_string());
    render_webhooks(
        ctx,
        &s,
        &p,
        200,
        Flash {
            notice,
            error: None,
        },
    )
}

/// The webhooks page of `p`'s environment.
pub(super) fn render_webhooks(
    ctx: &Ctx,
    s: &Session,
    p: &Partition,
    status: u16,
    flash: Flash,
) -> Result<Reply, ApiError> {
    let (endpoint, deliveries) = ctx.app.store.read(|conn| {
        let endpoint = store::webhooks::endpoint(conn, p)?;
        let request = PageRequest {
            limit: 50,
            cursor: None,
        };
        let deliveries = store::webhooks::list(conn, p, &Default::default(), &request)?.items;
        Ok((endpoint, deliveries))
    })?;
    let may_redeliver = s.user.role == UserRole::Admin;
    Ok(html(
        status,
        pages::webhooks(
            endpoint.as_ref(),
            &deliveries,
            p.environment,
            &s.csrf,
            may_redeliver,
            &flash,
        ),
    ))
}

/// The audit records the filter selects, rendered as the API does, each
/// with its actor in words; and whether more than `MAX_ROWS` matched.
fn audit_rows(
    ctx: &Ctx,
    s: &Session,
    p: &Partition,
    params: &[(String, String)],
) -> Result<(Vec<(Value, String)>, bool), ApiError> {
    let text = params
        .iter()
        .map(|(k, v)| format!("{k}={}", url_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let filter = audit_log::filter_from(&mut Query::parse(&text)?)?;
    let (records, more, names) = ctx.app.store.read(|conn| {
        let (records, more) = overview::all(
            |r: &crate::domain::audit::AuditRecord| r.id.clone(),
            |r: &PageRequest| store::audit::list(conn, p, &filter, r),
        )?;
        let mut names: HashMap<String, String> = HashMap::new();
        let (users, _) = overview::all(
            |u: &crate::domain::user::User| u.id.to_string(),
            |r: &PageRequest| store::users::list(conn, &s.tenant_id, &Default::default(), r),
        )?;
        names.extend(users.into_iter().map(|u| (u.id.into(), u.name)));
        names.extend(
            store::keys::list(conn, Some(&s.tenant_id))?
                .into_iter()
                .map(|k| (k.id.into(), format!("key \u{201c}{}\u{201d}", k.name))),
        );
        Ok((records, more, names))
    })?;
    let rows = records
        .iter()
        .map(|r| {
            let v = audit_log::render(r);
            let actor = match r.entry.actor_type.as_str() {
                "cli" => "the CLI on the server".to_string(),
                "admin_token" => "the admin token".to_string(),
                _ => names
                    .get(&r.entry.actor_id)
                    .cloned()
                    .unwrap_or_else(|| r.entry.actor_id.clone()),
            };
            (v, actor)
        })
        .collect();
    Ok((rows, more))
}

const AUDIT_PAGE_ROWS: usize = 200;

pub(super) fn audit(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let (s, p, params) = open_or_return!(ctx, s, true);
    let (mut rows, more) = audit_rows(ctx, &s, &p, &params)?;
    let more = more || rows.len() > AUDIT_PAGE_ROWS;
    rows.truncate(AUDIT_PAGE_ROWS);
    let mut qs = format!("env={}", p.environment.as_str());
    for (k, v) in &params {
        qs += &format!("&{k}={}", url_encode(v));
    }
    Ok(html(
        200,
        pages::audit(&rows, p.environment, &qs, more, &s.csrf),
    ))
}

pub(super) fn audit_csv(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let (s, p, params) = open_or_return!(ctx, s, true);
    let (rows, more) = audit_rows(ctx, &s, &p, &params)?;
    if more {
        return Ok(html(
            413,
            message(
                "Too many rows",
                "Too many records match; narrow the filter (by dates, for example).",
            ),
        ));
    }
    let mut out = AUDIT_CSV_FIELDS.join(",") + "\r\n";
    for (r, _) in &rows {
        let line: Vec<String> = AUDIT_CSV_FIELDS
            .iter()
            .map(|f| match *f {
                "actorType" => csv_field(&r["actor"]["type"]),
                "actorId" => csv_field(&r["actor"]["id"]),
                f => csv_field(&r[f]),
            })
            .collect();
        out += &line.join(",");
        out += "\r\n";
    }
    Ok(Reply::text(200, "text/csv; charset=utf-8", out)
        .with_header("Cache-Control", "no-store")
        .with_header(
            "Content-Disposition",
            format!(
                "attachment; filename=\"coffer-{}-audit.csv\"",
                p.environment.as_str()
            ),
        ))
}
