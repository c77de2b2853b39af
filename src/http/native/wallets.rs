//! Wallets and their deposit addresses (docs/api.md, "Native API").

use crate::domain::ids::{VaultId, WalletId};
use crate::domain::scope::Scope;
use crate::domain::vault::validate_name;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::openapi::describe::{created, ok, page, r, PAGING};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::service::grant::WalletsCreate;
use crate::service::requests::{self, Record};
use crate::store::{self, wallets::WalletFilter};
use crate::views;
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route::native(
            "POST",
            "/v1/vaults/{vaultId}/wallets",
            Scope::WalletsCreate,
            create,
        )
        .doc(created("Open a wallet for an asset", r("Wallet")).body(r("WalletCreate")))
        .audited("wallet.create"),
        Route::native(
            "GET",
            "/v1/vaults/{vaultId}/wallets",
            Scope::WalletsRead,
            list_in_vault,
        )
        .doc(
            ok("A vault's wallets", page(r("Wallet")))
                .query(&["assetId"])
                .query(PAGING),
        ),
        Route::native("GET", "/v1/wallets", Scope::WalletsRead, list).doc(
            ok("List wallets", page(r("Wallet")))
                .query(&["vaultId", "assetId"])
                .query(PAGING),
        ),
        Route::native("GET", "/v1/wallets/{id}", Scope::WalletsRead, fetch)
            .doc(ok("Fetch a wallet with its balance", r("Wallet"))),
        Route::native(
            "POST",
            "/v1/wallets/{id}/addresses",
            Scope::WalletsCreate,
            add_address,
        )
        .doc(created("Another deposit address", r("DepositAddress")))
        .audited("wallet.address.create"),
        Route::native(
            "GET",
            "/v1/wallets/{id}/addresses",
            Scope::WalletsRead,
            list_addresses,
        )
        .doc(ok("A wallet's deposit addresses", page(r("DepositAddress"))).query(PAGING)),
    ]
}

fn create(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let vault_id = ctx.path::<VaultId>("vaultId")?;
    let mut body = ctx.json()?;
    let asset_id = body.required_str("assetId")?;
    let label = body
        .optional_str("label")?
        .map(|l| validate_name("label", &l, 200))
        .transpose()?;
    body.finish()?;
    let granted = ctx.caller()?.require::<WalletsCreate>()?;
    let ledger = Arc::clone(&ctx.app.ledger);
    ctx.write(move |work| {
        let (_, wallet) = requests::create_wallet(
            &ledger,
            work,
            &granted,
            Some(vault_id),
            &asset_id,
            label,
            Record::WhenPending,
        )?;
        let body = views::wallet(&wallet, ledger.asset(&wallet.asset_id)?);
        Ok(Written::new(Reply::created(&body), "wallet", wallet.id))
    })
}

fn render_page(ctx: &mut Ctx, filter: WalletFilter) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let filter = WalletFilter {
        asset_id: query.take("assetId"),
        vault_id: filter.vault_id.or(query.take("vaultId")),
    };
    let page_request = query.page()?;
    query.finish()?;
    let page = ctx.read(|conn, p| store::wallets::list(conn, p, &filter, &page_request))?;
    let ledger = &ctx.app.ledger;
    Reply::page_try(
        &page_request,
        &page,
        |w| w.id.to_string(),
        |w| Ok::<_, ApiError>(views::wallet(w, ledger.asset(&w.asset_id)?)),
    )
}

fn list_in_vault(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let vault_id = ctx.path::<VaultId>("vaultId")?;
    ctx.read(|conn, p| store::vaults::get(conn, p, &vault_id))?;
    render_page(
        ctx,
        WalletFilter {
            vault_id: Some(vault_id.into()),
            asset_id: None,
        },
    )
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    render_page(ctx, WalletFilter::default())
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path_id("id", "wallet")?;
    ctx.query()?.finish()?;
    let wallet = ctx.read(|conn, p| store::wallets::get(conn, p, &id))?;
    Ok(Reply::ok(&views::wallet(
        &wallet,
        ctx.app.ledger.asset(&wallet.asset_id)?,
    )))
}

fn add_address(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path::<WalletId>("id")?;
    ctx.no_fields()?;
    let granted = ctx.caller()?.require::<WalletsCreate>()?;
    let ledger = Arc::clone(&ctx.app.ledger);
    ctx.write(move |work| {
        let address = ledger.add_address(work, &granted, &id)?;
        Ok(Written::new(
            Reply::created(&views::deposit_address(&address)),
            "wallet",
            id,
        ))
    })
}

fn list_addresses(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path_id("id", "wallet")?;
    let mut query = ctx.query()?;
    let page_request = query.page()?;
    query.finish()?;
    let page = ctx.read(|conn, p| {
        store::wallets::get(conn, p, &id)?;
        store::wallets::list_addresses(conn, &id, &page_request)
    })?;
    Ok(Reply::page(
        &page_request,
        &page,
        |a| a.id.clone(),
        views::deposit_address,
    ))
}
