//! Requests subject to consensus (docs/api.md, "Consensus"): listing them, and approving or
//! rejecting one with a key bound to a user.

use crate::domain::activity::{Action, ActivityStatus, Vote};
use crate::domain::ids::ActivityId;
use crate::domain::scope::Scope;
use crate::domain::vault::validate_name;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::openapi::describe::{ok, page, r, PAGING};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::service::approvals;
use crate::service::grant::ApprovalsWrite;
use crate::store::{self, activities::ActivityFilter};
use crate::views;
use std::sync::Arc;

/// The longest comment an approver may leave.
const MAX_COMMENT_CHARS: usize = 1000;

pub fn routes() -> Vec<Route> {
    vec![
        Route::native("GET", "/v1/activities", Scope::TransactionsRead, list).doc(
            ok("Requests subject to consensus", page(r("Activity")))
                .query(&["status", "action"])
                .query(PAGING),
        ),
        Route::native("GET", "/v1/activities/{id}", Scope::TransactionsRead, fetch)
            .doc(ok("One activity with its approvals", r("Activity"))),
        Route::native(
            "POST",
            "/v1/activities/{id}/approve",
            Scope::ApprovalsWrite,
            approve,
        )
        .doc(
            ok(
                "Approve a request as the key's user; the quorum carries it out",
                r("Activity"),
            )
            .body(r("ActivityDecision")),
        )
        .audited("activity.approve"),
        Route::native(
            "POST",
            "/v1/activities/{id}/reject",
            Scope::ApprovalsWrite,
            reject,
        )
        .doc(
            ok(
                "Reject a request as the key's user; it closes at once",
                r("Activity"),
            )
            .body(r("ActivityDecision")),
        )
        .audited("activity.reject"),
    ]
}

fn approve(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    decide(ctx, Vote::Approve)
}

fn reject(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    decide(ctx, Vote::Reject)
}

/// `{comment?}` (an empty body too) from the user the key is bound to.
fn decide(ctx: &mut Ctx, vote: Vote) -> Result<Reply, ApiError> {
    let id = ctx.path::<ActivityId>("id")?;
    let comment = if ctx.body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        let mut body = ctx.json()?;
        let comment = body
            .optional_str("comment")?
            .map(|c| validate_name("comment", &c, MAX_COMMENT_CHARS))
            .transpose()?;
        body.finish()?;
        comment
    };
    let caller = ctx.caller()?;
    if caller.user_id.is_none() {
        return Err(ApiError::forbidden(
            "approver_not_bound",
            "this API key is bound to no user; approvals are made by users (coffer keys create --user EMAIL)",
        ));
    }
    let granted = caller.require::<ApprovalsWrite>()?;
    let ledger = Arc::clone(&ctx.app.ledger);
    ctx.write(move |work| {
        let (a, decisions) = approvals::vote(&ledger, work, &granted, &id, vote, comment)?;
        Ok(Written::new(
            Reply::ok(&views::activity(&a, &decisions)),
            "activity",
            a.id,
        ))
    })
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let filter = ActivityFilter {
        status: query.take_parsed(
            "status",
            ActivityStatus::parse,
            "one of Pending, Approved, Rejected, Expired",
        )?,
        action: query.take_parsed("action", Action::parse, Action::EXPECTED)?,
    };
    let page_request = query.page()?;
    query.finish()?;
    let (page, approvals) = ctx.read(|conn, p| {
        let page = store::activities::list(conn, p, &filter, &page_request)?;
        let approvals = page
            .items
            .iter()
            .map(|a| store::activities::approvals(conn, &a.id))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((page, approvals))
    })?;
    let with_approvals = crate::domain::page::Page {
        items: page.items.into_iter().zip(approvals).collect::<Vec<_>>(),
        more: page.more,
    };
    Ok(Reply::page(
        &page_request,
        &with_approvals,
        |(a, _)| a.id.to_string(),
        |(a, ap)| views::activity(a, ap),
    ))
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path::<ActivityId>("id")?;
    ctx.query()?.finish()?;
    let (activity, approvals) = ctx.read(|conn, p| {
        let a = store::activities::get(conn, p, &id)?;
        let approvals = store::activities::approvals(conn, &a.id)?;
        Ok((a, approvals))
    })?;
    Ok(Reply::ok(&views::activity(&activity, &approvals)))
}
