//! `GET /v1/assets`: the assets this appliance custodies, from config.

use crate::domain::page::Page;
use crate::domain::scope::Scope;
use crate::domain::Error;
use crate::http::context::Ctx;
use crate::http::error::ApiError;
use crate::http::openapi::describe::{ok, page, r, PAGING};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::views;

pub fn routes() -> Vec<Route> {
    vec![Route::native("GET", "/v1/assets", Scope::AssetsRead, list)
        .doc(ok("Enabled assets", page(r("Asset"))).query(PAGING))]
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let assets = ctx.app.ledger.assets.all();
    let known = |name: &str, id: &str| {
        if assets.iter().any(|a| a.id == id) {
            Ok(id.to_string())
        } else {
            Err(Error::field(name, "must be an asset id"))
        }
    };
    let page_request = query.page_with(known)?;
    query.finish()?;
    let page = Page::from_slice(assets, &page_request, |a| a.id.as_str());
    Ok(Reply::page(
        &page_request,
        &page,
        |a| a.id.clone(),
        |a| views::asset(a),
    ))
}
