//! Currencies: the enabled assets, in configuration order. Cursors are the
//! lower-case symbols, as in the seed (`before=btc`).

use crate::domain::asset::Asset;
use crate::domain::page::Page;
use crate::domain::scope::Scope;
use crate::domain::Error;
use crate::http::context::Ctx;
use crate::http::error::ApiError;
use crate::http::openapi::describe::{ok, page, r, PAGING};
use crate::http::reply::Reply;
use crate::http::router::Route;
use serde_json::{json, Value};

pub fn routes() -> Vec<Route> {
    vec![
        Route::coinbase("GET", "/api/v1/currencies", Scope::AssetsRead, list).doc(
            ok("Currencies of the organization", page(r("CbCurrency")))
                .query(&["symbol"])
                .query(PAGING),
        ),
        Route::coinbase(
            "GET",
            "/api/v1/currencies/{symbol}",
            Scope::AssetsRead,
            fetch,
        )
        .doc(ok("One currency", r("CbCurrency"))),
    ]
}

fn render(a: &Asset) -> Value {
    json!({
        "name": a.name,
        "decimals": a.decimals,
        "symbol": a.symbol,
    })
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let symbol = query.take("symbol").map(|s| s.to_ascii_uppercase());
    let enabled: Vec<Asset> = ctx
        .app
        .ledger
        .assets
        .all()
        .iter()
        .filter(|a| a.enabled && symbol.as_ref().is_none_or(|s| *s == a.symbol))
        .cloned()
        .collect();
    let cursor = |name: &str, c: &str| {
        let wanted = c.to_ascii_uppercase();
        enabled
            .iter()
            .find(|a| a.symbol == wanted)
            .map(|a| a.symbol.clone())
            .ok_or_else(|| Error::field(name, "must be a currency symbol from this list"))
    };
    let page_request = query.page_with(cursor)?;
    query.finish()?;
    let page = Page::from_slice(&enabled, &page_request, |a| a.symbol.as_str());
    Ok(Reply::page(
        &page_request,
        &page,
        |a| a.symbol.to_ascii_lowercase(),
        |a| render(a),
    ))
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let symbol = ctx.param("symbol").to_string();
    ctx.query()?.finish()?;
    let asset = ctx
        .app
        .ledger
        .assets
        .get(&symbol.to_ascii_uppercase())
        .filter(|a| a.enabled)
        .ok_or_else(|| Error::not_found("currency", &symbol))?;
    Ok(Reply::ok(&render(asset)))
}
