//! Requests subject to consensus (SPEC §8), read-only until approval policies
//! land: every activity is created already `Approved` for now.

use crate::domain::activity::{Action, ActivityStatus};
use crate::domain::scope::Scope;
use crate::http::context::Ctx;
use crate::http::error::ApiError;
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::store::{self, activities::ActivityFilter};
use crate::views;

pub fn routes() -> Vec<Route> {
    vec![
        Route::native("GET", "/v1/activities", Scope::TransactionsRead, list),
        Route::native("GET", "/v1/activities/{id}", Scope::TransactionsRead, fetch),
    ]
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let filter = ActivityFilter {
        status: query.take_parsed(
            "status",
            ActivityStatus::parse,
            "one of Pending, Approved, Rejected, Expired",
        )?,
        action: query.take_parsed(
            "action",
            Action::parse,
            "one of wallet_create, address_book_create, withdrawal",
        )?,
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
        |(a, _)| a.id.clone(),
        |(a, ap)| views::activity(a, ap),
    ))
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path_id("id", "activity")?;
    ctx.query()?.finish()?;
    let (activity, approvals) = ctx.read(|conn, p| {
        let a = store::activities::get(conn, p, &id)?;
        let approvals = store::activities::approvals(conn, &a.id)?;
        Ok((a, approvals))
    })?;
    Ok(Reply::ok(&views::activity(&activity, &approvals)))
}
