//! The address book on the console (docs/console.md, "Address book"): every
//! signed-in user reads it; admins and approvers add entries and remove
//! active ones. Both go through the same service calls as
//! `POST /v1/address-book` and `DELETE /v1/address-book/{id}`, so the policy
//! decides whether an addition takes effect at once or waits for approvals,
//! and both are audited as the API's (`address_book.create`,
//! `address_book.delete`) with the signed-in user as the actor and initiator.

use super::address_book_pages::{self as pages, BookForm, Notice};
use super::pages::message;
use super::{csrf_ok, form, html, redirect, sign_in_as, status_of};
use crate::domain::address_book::{AddressBookEntry, EntryStatus};
use crate::domain::ids::{AddressBookEntryId, TypedId};
use crate::domain::page::PageRequest;
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::user::{User, UserRole};
use crate::domain::Error;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::query::Query;
use crate::http::reply::Reply;
use crate::http::session::Session;
use crate::service::address_book::{self, NewEntry};
use crate::service::grant::{AddressBookWrite, Granted};
use crate::service::overview;
use crate::service::requests::{self, Record};
use crate::store;
use std::sync::Arc;

const PAGE: &str = "/console/address-book";

/// Who may change the address book from the console: admins, and approvers
/// (the people who already propose and decide requests; an approver's own
/// addition is decided by others, as the initiator cannot approve it).
/// Viewers and auditors only read.
fn may_write(u: &User) -> bool {
    matches!(u.role, UserRole::Admin | UserRole::Approver)
}

fn environment(v: Option<String>) -> Environment {
    match v.as_deref() {
        Some("test") => Environment::Test,
        _ => Environment::Live,
    }
}

fn partition(s: &Session, environment: Environment) -> Partition {
    Partition {
        tenant_id: s.tenant_id.clone(),
        environment,
    }
}

fn back(env: Environment, what: &str) -> Reply {
    redirect(&format!("{PAGE}?env={}&{what}", env.as_str()))
}

fn not_for_your_role() -> Reply {
    html(
        403,
        message(
            "Not for your role",
            "Admins and approvers change the address book; ask one of them.",
        ),
    )
}

/// What the last change did, from the redirect's query: `added=<entry id>`
/// or `removed=1`. Ids, never text, travel in the URL.
fn notice(ctx: &Ctx, p: &Partition, q: &mut Query) -> Result<Option<Notice>, Error> {
    if q.take("removed").is_some() {
        return Ok(Some(Notice::Removed));
    }
    let Some(Ok(id)) = q.take("added").map(AddressBookEntryId::parse) else {
        return Ok(None);
    };
    ctx.app.store.read(|conn| {
        let entry = match store::address_book::get(conn, p, &id) {
            Ok(e) => e,
            Err(Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(match (entry.status, entry.activity_id) {
            (EntryStatus::PendingApproval, Some(activity_id)) => {
                let a = store::activities::get(conn, p, &activity_id)?;
                Some(Notice::Waiting {
                    label: entry.label,
                    approvals: a.required_approvals,
                    activity_id,
                })
            }
            _ => Some(Notice::Added { label: entry.label }),
        })
    })
}

/// The page, with the add form for those who may use it.
fn render(
    ctx: &Ctx,
    s: &Session,
    p: &Partition,
    status: u16,
    notice: Option<&Notice>,
    values: [&str; 4],
    error: Option<&str>,
) -> Result<Reply, ApiError> {
    let (entries, _) = ctx.app.store.read(|conn| {
        overview::all(
            |e: &AddressBookEntry| e.id.to_string(),
            |r: &PageRequest| store::address_book::list(conn, p, &Default::default(), r),
        )
    })?;
    let form = may_write(&s.user).then(|| BookForm {
        assets: ctx
            .app
            .ledger
            .assets
            .all()
            .iter()
            .filter(|a| a.enabled)
            .map(|a| a.id.clone())
            .collect(),
        values,
        error,
    });
    Ok(html(
        status,
        pages::address_book(&entries, p.environment, &s.csrf, notice, form.as_ref()),
    ))
}

pub(super) fn show(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let mut q = match Query::parse(&ctx.query_string) {
        Ok(q) => q,
        Err(e) => return Ok(html(400, message("Bad request", &e.to_string()))),
    };
    let p = partition(&s, environment(q.take("env")));
    let notice = notice(ctx, &p, &mut q)?;
    render(ctx, &s, &p, 200, notice.as_ref(), ["", "", "", ""], None)
}

pub(super) fn add(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let mut form = form(ctx)?;
    let env = environment(form.take("env"));
    let p = partition(&s, env);
    if !may_write(&s.user) {
        return Ok(not_for_your_role());
    }
    let asset = form.take("asset").unwrap_or_default();
    let address = form.take("address").unwrap_or_default();
    let tag = form.take("tag").unwrap_or_default();
    let label = form.take("label").unwrap_or_default();
    let values = [
        asset.as_str(),
        address.as_str(),
        tag.as_str(),
        label.as_str(),
    ];
    if !csrf_ok(&s.csrf, form.take("csrf_token").as_deref()) {
        let why = "The form expired; check the values and add again.";
        return render(ctx, &s, &p, 403, None, values, Some(why));
    }
    let refused = |ctx: &Ctx, e: &Error| -> Result<Reply, ApiError> {
        let status = status_of(e).unwrap_or(400);
        let why = format!("Not added: {e}");
        render(ctx, &s, &p, status, None, values, Some(&why))
    };
    let tag_given = Some(tag.trim().to_string()).filter(|t| !t.is_empty());
    let new = match NewEntry::validated(
        &ctx.app.ledger.assets,
        env,
        asset.trim(),
        address.trim(),
        tag_given,
        &label,
    ) {
        Ok(new) => new,
        Err(e) => return refused(ctx, &e),
    };
    sign_in_as(ctx, &s.tenant_id, &s.user_id, Some(env));
    // A signed-in person may ask; the policy decides what waits for approvals.
    let granted = Granted::<AddressBookWrite>::signed_in();
    let ledger = Arc::clone(&ctx.app.ledger);
    let result = ctx.write(move |work| {
        let (_, entry) =
            requests::add_address_book_entry(&ledger, work, &granted, new, Record::WhenPending)?;
        let to = back(env, &format!("added={}", entry.id));
        Ok(Written::new(to, "address_book_entry", entry.id))
    });
    match result {
        Err(ApiError::Domain(e)) if status_of(&e).is_some() => refused(ctx, &e),
        other => other,
    }
}

pub(super) fn remove(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    let mut form = form(ctx)?;
    let env = environment(form.take("env"));
    let p = partition(&s, env);
    if !may_write(&s.user) {
        return Ok(not_for_your_role());
    }
    let none = ["", "", "", ""];
    if !csrf_ok(&s.csrf, form.take("csrf_token").as_deref()) {
        let why = "The form expired; check the address book and remove again.";
        return render(ctx, &s, &p, 403, None, none, Some(why));
    }
    let gone = |ctx: &Ctx| {
        let why = "There is no such address in these books (already removed?).";
        render(ctx, &s, &p, 404, None, none, Some(why))
    };
    let Ok(id) = AddressBookEntryId::parse(ctx.param("id")) else {
        return gone(ctx);
    };
    let entry = match ctx
        .app
        .store
        .read(|conn| store::address_book::get(conn, &p, &id))
    {
        Ok(e) => e,
        Err(Error::NotFound { .. }) => return gone(ctx),
        Err(e) => return Err(e.into()),
    };
    if entry.status != EntryStatus::Active {
        let why = "This address is waiting for approvals; reject its request instead.";
        return render(ctx, &s, &p, 409, None, none, Some(why));
    }
    if form.take("confirm").as_deref() != Some("yes") {
        return Ok(html(200, pages::confirm_remove(&entry, env, &s.csrf, None)));
    }
    sign_in_as(ctx, &s.tenant_id, &s.user_id, Some(env));
    let granted = Granted::<AddressBookWrite>::signed_in();
    let result = ctx.write(move |work| {
        // Checked again in the write: it may have changed since the read.
        let entry = address_book::remove_active(work, &granted, &id)?;
        Ok(Written::new(
            back(env, "removed=1"),
            "address_book_entry",
            entry.id,
        ))
    });
    match result {
        Err(ApiError::Domain(e)) if status_of(&e).is_some() => {
            let status = status_of(&e).unwrap_or(409);
            let why = format!("Not removed: {e}");
            render(ctx, &s, &p, status, None, none, Some(&why))
        }
        other => other,
    }
}
