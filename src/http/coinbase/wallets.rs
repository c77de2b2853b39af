//! Wallets: every wallet of the organization, whatever its vault. A wallet
//! created here goes into the organization's default vault.

use super::{currency_filter, enabled_currency, whole, Console};
use crate::domain::asset::Asset;
use crate::domain::scope::Scope;
use crate::domain::vault::validate_name;
use crate::domain::wallet::Wallet;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::openapi::describe::{ok, page, r, PAGING};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::service::grant::WalletsCreate;
use crate::service::requests;
use crate::store::{self, wallets::WalletFilter};
use serde_json::{json, Value};
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route::coinbase("GET", "/api/v1/wallets", Scope::WalletsRead, list).doc(
            ok("Wallets of the organization", page(r("CbWallet")))
                .query(&["currency"])
                .query(PAGING),
        ),
        Route::coinbase("GET", "/api/v1/wallets/{id}", Scope::WalletsRead, fetch)
            .doc(ok("One wallet", r("CbWallet"))),
        Route::coinbase("POST", "/api/v1/wallets", Scope::WalletsCreate, create)
            .doc(
                ok(
                    "Create a wallet (an approved activity)",
                    r("CbWalletRequested"),
                )
                .body(r("CbWalletCreate")),
            )
            .audited("wallet.create"),
    ]
}

/// Balances are atomic units as strings here (the seed's wallets differ from its
/// transactions, whose amounts are integers); `balance` is the total and
/// `withdrawable_balance` what is available. Nothing is ever unvested.
fn render(w: &Wallet, a: &Asset) -> Value {
    let total = w.balance.total();
    let available = w.balance.available;
    json!({
        "id": w.id,
        "name": w.label.as_deref().unwrap_or(&a.name),
        "created_at": w.created_at.to_rfc3339(),
        "updated_at": w.updated_at.to_rfc3339(),
        "balance": total.atomic().to_string(),
        "balance_whole_units": whole(total, a),
        "withdrawable_balance": available.atomic().to_string(),
        "withdrawable_balance_whole_units": whole(available, a),
        "unvested_balance": "0",
        "unvested_balance_whole_units": "0.0",
        "cold_address": w.deposit_address,
        "currency": a.symbol,
    })
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let filter = WalletFilter {
        asset_id: currency_filter(&ctx.app.ledger, &mut query)?,
        vault_id: None,
    };
    let page_request = query.page()?;
    query.finish()?;
    let partition = ctx.partition()?;
    let page = ctx
        .app
        .store
        .read(|conn| store::wallets::list(conn, &partition, &filter, &page_request))?;
    let ledger = &ctx.app.ledger;
    Reply::page_try(
        &page_request,
        &page,
        |w| w.id.to_string(),
        |w| Ok::<_, ApiError>(render(w, ledger.asset(&w.asset_id)?)),
    )
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path_id("id", "wallet")?;
    ctx.query()?.finish()?;
    let partition = ctx.partition()?;
    let wallet = ctx
        .app
        .store
        .read(|conn| store::wallets::get(conn, &partition, &id))?;
    Ok(Reply::ok(&render(
        &wallet,
        ctx.app.ledger.asset(&wallet.asset_id)?,
    )))
}

fn create(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut body = ctx.json()?;
    let symbol = body.required_str("currency")?;
    let name = validate_name("name", &body.required_str("name")?, 200)?;
    body.finish()?;
    let asset = enabled_currency(&ctx.app.ledger, &symbol)?.clone();
    let granted = ctx.caller()?.require::<WalletsCreate>()?;
    let console = Console::of(ctx);
    let ledger = Arc::clone(&ctx.app.ledger);
    ctx.write(move |work| {
        let (activity, wallet) = requests::create_wallet(
            &ledger,
            work,
            &granted,
            None,
            &asset.id,
            Some(name),
            requests::Record::Always,
        )?;
        let activity = requests::always(activity)?;
        let reply = Reply::ok(&json!({
            "activity_id": activity.id,
            "currency": asset.symbol,
            "approval_url": console.activity(&activity.id),
            "name": wallet.label,
        }));
        Ok(Written::new(reply, "wallet", wallet.id))
    })
}
