//! Deciding requests on the console (docs/api.md, "Consensus", docs/console.md "Approvals"):
//! the waiting list, the history, one request, and the decisions. Every POST
//! that succeeds answers with a redirect (POST/redirect/GET); a decision made
//! after the session ended sends the person through sign-in back to the same
//! request with their comment kept.

use super::approval_pages::{self, Offer};
use super::pages::message;
use super::{csrf_ok, form, html, redirect, sign_in_as, to_login, url_encode};
use crate::domain::activity::Vote;
use crate::domain::ids::{ActivityId, TypedId};
use crate::domain::tenancy::Environment;
use crate::domain::vault::validate_name;
use crate::domain::Error;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::reply::Reply;
use crate::http::session::Session;
use crate::service::approvals;
use crate::service::briefing::{self, Briefing};
use crate::service::grant::{ApprovalsWrite, Granted};
use crate::service::second_factor;
use std::sync::Arc;

pub(super) fn pending(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    list(ctx, s, true)
}

pub(super) fn history(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    list(ctx, s, false)
}

fn list(ctx: &mut Ctx, s: Session, waiting: bool) -> Result<Reply, ApiError> {
    let assets = &ctx.app.ledger.assets;
    let found = ctx
        .app
        .store
        .read(|conn| briefing::list(conn, assets, &s.tenant_id, waiting))?;
    let page = if waiting {
        approval_pages::pending(&found, &s.csrf, ctx.now)
    } else {
        approval_pages::history(&found, &s.csrf, ctx.now)
    };
    Ok(html(200, page))
}

/// Why a vote would be refused, in words for the person (no ids).
fn in_words(e: &Error) -> String {
    let code = match e {
        Error::Conflict { code, .. }
        | Error::Forbidden { code, .. }
        | Error::Refused { code, .. } => *code,
        _ => "",
    };
    match code {
        "activity_closed" => "this request is closed and takes no more decisions.".into(),
        "already_approved" => "you have already decided on this request.".into(),
        "initiator_cannot_approve" => "you made this request, so others approve it.".into(),
        "own_change_cannot_approve" => "this change is about you, so others approve it.".into(),
        "not_an_approver" | "approver_disabled" => {
            "your role does not decide this request (it needs an approver or an admin).".into()
        }
        "approver_too_new" => "you became an approver after this request was made; only \
                               approvers who were already active then decide it."
            .into(),
        "password_not_trusted" => "your password was set through the API; live requests are \
                                   decided with a password set on the server (ask an \
                                   administrator to run coffer users passwd)."
            .into(),
        _ => e.to_string(),
    }
}

/// What the viewer may do. A live request needs a second factor, which a
/// user without one cannot give, so nothing is offered then.
fn offer(b: &Briefing, s: &Session, ctx: &Ctx, code: bool, enrolled: bool) -> Offer {
    let env = b.partition.environment;
    let gate = |vote| {
        b.may(&s.user, vote, ctx.now).map_err(|e| in_words(&e))?;
        if env == Environment::Live && !enrolled {
            return Err(
                "live requests are decided with two-factor; set it up on the \
                        Two-factor page first."
                    .to_string(),
            );
        }
        Ok(())
    };
    Offer {
        approve: gate(Vote::Approve),
        reject: gate(Vote::Reject),
        code,
    }
}

enum View<'a> {
    Detail,
    ConfirmReject,
    /// The detail page after a refused decision, with why.
    Refused(&'a str),
}

fn show_page(
    ctx: &Ctx,
    s: &Session,
    status: u16,
    view: View,
    comment: &str,
) -> Result<Reply, ApiError> {
    let id = ctx.param("id").to_string();
    let assets = &ctx.app.ledger.assets;
    // Junk is a request that does not exist.
    let found = ActivityId::parse(id).and_then(|id| {
        ctx.app.store.read(|conn| {
            let b = briefing::brief(conn, assets, &s.tenant_id, &id)?;
            let code = second_factor::required(conn, &s.user_id, b.partition.environment)?;
            Ok((b, code, second_factor::enrolled(conn, &s.user_id)?))
        })
    });
    let (b, code, enrolled) = match found {
        Ok(found) => found,
        Err(Error::NotFound { .. }) => {
            return Ok(html(
                404,
                message(
                    "Not found",
                    "There is no such request in your organization.",
                ),
            ))
        }
        Err(e) => return Err(e.into()),
    };
    let offer = offer(&b, s, ctx, code, enrolled);
    let page = match view {
        View::ConfirmReject => approval_pages::confirm_reject(&b, &s.csrf, comment, &offer, None),
        View::Detail => {
            approval_pages::activity(&b, &offer, &s.user_id, &s.csrf, ctx.now, comment, None)
        }
        View::Refused(why) => {
            approval_pages::activity(&b, &offer, &s.user_id, &s.csrf, ctx.now, comment, Some(why))
        }
    };
    Ok(html(status, page))
}

pub(super) fn show(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    // A comment carried through sign-in is put back in the form.
    let comment = ctx.query()?.take("comment").unwrap_or_default();
    show_page(ctx, &s, 200, View::Detail, &comment)
}

pub(super) fn approve(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    decide(ctx, s, Vote::Approve)
}

pub(super) fn reject(ctx: &mut Ctx, s: Session) -> Result<Reply, ApiError> {
    decide(ctx, s, Vote::Reject)
}

/// A decision sent after the session ended: back to the request (not to
/// this POST-only address) through sign-in, with the comment.
pub(super) fn signed_out(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let comment_text = form(ctx)?.take("comment").unwrap_or_default();
    let mut back = format!("/console/activities/{}", url_encode(ctx.param("id")));
    if !comment_text.is_empty() {
        back += &format!("?comment={}", url_encode(&comment_text));
    }
    Ok(to_login(&back))
}

fn decide(ctx: &mut Ctx, s: Session, vote: Vote) -> Result<Reply, ApiError> {
    let mut form = form(ctx)?;
    let comment_text = form.take("comment").unwrap_or_default();
    let id = ctx.param("id").to_string();
    if !csrf_ok(&s.csrf, form.take("csrf_token").as_deref()) {
        return show_page(
            ctx,
            &s,
            403,
            View::Refused("The form expired; check the request and decide again."),
            &comment_text,
        );
    }
    if vote == Vote::Reject && form.take("confirm").as_deref() != Some("yes") {
        return show_page(ctx, &s, 200, View::ConfirmReject, &comment_text);
    }
    if let Some(wait) = super::codes_exhausted(ctx, &s.user_id) {
        let why = format!("Too many wrong codes; try again in {wait} seconds.");
        return show_page(ctx, &s, 429, View::Refused(&why), &comment_text);
    }
    let code = form.take("code");
    let comment = match Some(comment_text.clone()).filter(|c| !c.trim().is_empty()) {
        Some(c) => match validate_name("comment", &c, 1000) {
            Ok(c) => Some(c),
            Err(e) => return show_page(ctx, &s, 400, View::Refused(&e.to_string()), &comment_text),
        },
        None => None,
    };
    // Junk is a request that does not exist.
    let found = ActivityId::parse(id).and_then(|id| {
        ctx.app
            .store
            .read(|conn| crate::store::activities::get_in_tenant(conn, &s.tenant_id, &id))
    });
    let (p, id) = match found {
        Ok((p, a)) => (p, a.id),
        Err(Error::NotFound { .. }) => return show_page(ctx, &s, 404, View::Detail, ""),
        Err(e) => return Err(e.into()),
    };
    sign_in_as(ctx, &s.tenant_id, &s.user_id, Some(p.environment));
    let ledger = Arc::clone(&ctx.app.ledger);
    let master = Arc::clone(&ctx.app.master);
    let user_id = s.user_id.clone();
    let granted = Granted::<ApprovalsWrite>::signed_in();
    let page = format!("/console/activities/{id}");
    let result = ctx.write(move |work| {
        // The vote's own refusals come first (they say more); the code is
        // checked in the same transaction, so a refused code undoes the vote
        // and a refused vote leaves the code unspent.
        let (a, _) = approvals::vote(&ledger, work, &granted, &id, vote, comment)?;
        second_factor::prove(work, &master, &user_id, code.as_deref())?;
        Ok(Written::new(redirect(&page), "activity", a.id))
    });
    match result {
        Ok(reply) => Ok(reply),
        Err(ApiError::Domain(
            e @ (Error::Conflict { .. } | Error::Forbidden { .. } | Error::Refused { .. }),
        )) => {
            let status = if matches!(e, Error::Forbidden { .. }) {
                403
            } else {
                409
            };
            if matches!(
                e,
                Error::Forbidden {
                    code: "second_factor_invalid",
                    ..
                }
            ) {
                super::code_failed(ctx, &s.user_id);
            }
            let why = format!("Not recorded: {}", in_words(&e));
            show_page(ctx, &s, status, View::Refused(&why), &comment_text)
        }
        Err(e) => Err(e),
    }
}
