//! `GET /v1/assets`: the assets this appliance custodies, from config.

use crate::domain::asset::Asset;
use crate::domain::money::format_amount;
use crate::domain::page::Page;
use crate::domain::scope::Scope;
use crate::domain::Error;
use crate::http::context::Ctx;
use crate::http::error::ApiError;
use crate::http::reply::Reply;
use crate::http::router::Route;
use serde_json::{json, Value};

pub fn routes() -> Vec<Route> {
    vec![Route::native("GET", "/v1/assets", Scope::AssetsRead, list)]
}

pub fn render(a: &Asset) -> Value {
    json!({
        "id": a.id,
        "symbol": a.symbol,
        "name": a.name,
        "network": a.network,
        "decimals": a.decimals,
        "requiredConfirmations": a.required_confirmations,
        "withdrawalFee": format_amount(a.withdrawal_fee, a.decimals),
        "status": a.status(),
    })
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let assets = &ctx.app.assets;
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
        |a| render(a),
    ))
}
