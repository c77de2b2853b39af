//! Addresses: every deposit address of the organization's wallets. All are
//! `cold` (Coffer is watch-only; nothing is ever restored online). A wallet's
//! funds are pooled, so its balance shows on its primary (cold) address and
//! its other deposit addresses show 0: the addresses of a wallet add up to it.

use super::{atomic, currency_filter, whole};
use crate::domain::ids::WalletId;
use crate::domain::money::Amount;
use crate::domain::scope::Scope;
use crate::domain::tenancy::Environment;
use crate::domain::Error;
use crate::http::context::Ctx;
use crate::http::error::ApiError;
use crate::http::openapi::describe::{ok, page, r, PAGING};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::service::ledger::Ledger;
use crate::store::{
    self,
    wallets::{AddressFilter, OwnedAddress},
};
use serde_json::{json, Value};

pub fn routes() -> Vec<Route> {
    vec![
        Route::coinbase("GET", "/api/v1/addresses", Scope::WalletsRead, list).doc(
            ok("Crypto addresses", page(r("CbAddress")))
                .query(&["wallet_id", "currency", "state"])
                .query(PAGING),
        ),
        Route::coinbase(
            "GET",
            "/api/v1/addresses/{address}",
            Scope::WalletsRead,
            fetch,
        )
        .doc(ok("One address", r("CbAddress"))),
    ]
}

/// The seed's address states; every Coffer address is `cold`.
const STATES: [&str; 6] = [
    "cold",
    "warm",
    "restore_in_progress",
    "restored",
    "foreign",
    "invalidated",
];

fn render(ledger: &Ledger, env: Environment, a: &OwnedAddress) -> Result<Value, Error> {
    let asset = ledger.asset(&a.wallet.asset_id)?;
    let primary = a.wallet.deposit_address.as_deref() == Some(a.address.address.as_str());
    let balance = if primary {
        a.wallet.balance.total()
    } else {
        Amount::ZERO
    };
    let created = a.address.created_at.to_rfc3339();
    Ok(json!({
        "address": a.address.address,
        "state": "cold",
        "balance": atomic(balance)?,
        "blockchain_link": asset.explorer_link(env, &a.address.address),
        "created_at": created,
        "updated_at": created,
        "currency": asset.symbol,
        "balance_whole_units": whole(balance, asset),
    }))
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let filter = AddressFilter {
        wallet_id: query.take_id::<WalletId>("wallet_id")?.map(String::from),
        asset_id: currency_filter(&ctx.app.ledger, &mut query)?,
    };
    let state = query.take_parsed(
        "state",
        |s| STATES.into_iter().find(|st| *st == s),
        "an address state such as cold",
    )?;
    let page_request = query.page_with(|_, address| Ok(address.to_string()))?;
    query.finish()?;
    let partition = ctx.partition()?;
    let page = match state {
        Some(s) if s != "cold" => crate::domain::page::Page {
            items: Vec::new(),
            more: false,
        },
        _ => ctx.app.store.read(|conn| {
            store::wallets::list_owned_addresses(conn, &partition, &filter, &page_request)
        })?,
    };
    let ledger = &ctx.app.ledger;
    Ok(Reply::page_try(
        &page_request,
        &page,
        |a| a.address.address.clone(),
        |a| render(ledger, partition.environment, a),
    )?)
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let address = ctx.param("address").to_string();
    ctx.query()?.finish()?;
    let partition = ctx.partition()?;
    let owned = ctx
        .app
        .store
        .read(|conn| store::wallets::owned_address(conn, &partition, &address))?;
    Ok(Reply::ok(&render(
        &ctx.app.ledger,
        partition.environment,
        &owned,
    )?))
}
