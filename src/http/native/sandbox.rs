//! The sandbox chain's controls (test environment only; 404 for live keys).

use crate::domain::money::parse_positive_amount;
use crate::domain::scope::Scope;
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::Error;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::native::transactions::render;
use crate::http::openapi::describe::{doc, int, obj, r};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::store;
use serde_json::{json, Value};
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route::native("POST", "/v1/sandbox/deposits", Scope::SandboxWrite, deposit)
            .doc(
                doc(
                    "Simulate an incoming deposit (test keys only)",
                    201,
                    r("Transaction"),
                )
                .body(r("SandboxDeposit")),
            )
            .audited("sandbox.deposit"),
        Route::native("POST", "/v1/sandbox/blocks", Scope::SandboxWrite, mine)
            .doc(
                doc(
                    "Mine sandbox blocks (test keys only)",
                    200,
                    obj(&[("height", int())], &["height"]),
                )
                .body(obj(&[("count", int())], &[])),
            )
            .audited("sandbox.mine"),
    ]
}

/// The sandbox exists only for test keys: to a live key these paths do not exist.
fn test_partition(ctx: &Ctx) -> Result<Partition, ApiError> {
    let partition = ctx.partition()?;
    if partition.environment == Environment::Test {
        Ok(partition)
    } else {
        Err(ApiError::RouteNotFound)
    }
}

/// A whole number from a JSON body field in `range`.
fn count_field(
    value: Option<Value>,
    field: &str,
    range: std::ops::RangeInclusive<i64>,
    default: i64,
) -> Result<i64, Error> {
    match value {
        None | Some(Value::Null) => Ok(default),
        Some(v) => v.as_i64().filter(|n| range.contains(n)).ok_or_else(|| {
            Error::field(
                field,
                format!(
                    "must be a whole number from {} to {}",
                    range.start(),
                    range.end()
                ),
            )
        }),
    }
}

fn deposit(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let partition = test_partition(ctx)?;
    let mut body = ctx.json()?;
    let wallet_id = body.optional_str("walletId")?;
    let address = body.optional_str("address")?;
    let amount = body.required_str("amount")?;
    let confirmations = count_field(
        body.take_raw("confirmations"),
        "confirmations",
        0..=1_000_000,
        0,
    )?;
    body.finish()?;
    let ledger = Arc::clone(&ctx.app.ledger);
    let now = ctx.now;
    let reply = ctx.write(move |conn| {
        let wallet = match (wallet_id, address) {
            (Some(id), _) => {
                let id = crate::domain::ids::canonical_uuid(&id)
                    .ok_or_else(|| Error::not_found("wallet", id))?;
                store::wallets::get(conn, &partition, &id)?
            }
            (None, Some(address)) => find_by_address(conn, &ledger, &partition, &address)?,
            (None, None) => return Err(Error::field("walletId", "give walletId or address")),
        };
        let asset = ledger.asset(&wallet.asset_id)?;
        let amount = parse_positive_amount(&amount, asset.decimals)
            .map_err(|e| Error::field("amount", e.to_string()))?;
        let t = ledger.sandbox_deposit(conn, &partition, &wallet, amount, confirmations, now)?;
        Ok(Written::new(
            Reply::created(&render(&ledger, &t)?),
            "transaction",
            t.id,
        ))
    })?;
    ctx.app.chain_worker.wake();
    Ok(reply)
}

fn find_by_address(
    conn: &rusqlite::Connection,
    ledger: &crate::service::ledger::Ledger,
    p: &Partition,
    address: &str,
) -> Result<crate::domain::wallet::Wallet, Error> {
    let mut networks: Vec<&str> = ledger
        .assets
        .all()
        .iter()
        .map(|a| a.network.as_str())
        .collect();
    networks.dedup();
    for network in networks {
        if let Some(wallet) = store::wallets::by_address(conn, p, network, address)? {
            return Ok(wallet);
        }
    }
    Err(Error::not_found("deposit address", address))
}

fn mine(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let partition = test_partition(ctx)?;
    let mut body = ctx.json()?;
    let count = count_field(body.take_raw("count"), "count", 1..=1000, 1)?;
    body.finish()?;
    let reply = ctx.write(move |conn| {
        let height = store::sandbox::mine(conn, &partition.tenant_id, count)?;
        Ok(Written::new(
            Reply::ok(&json!({ "height": height })),
            "sandbox_chain",
            partition.tenant_id.clone(),
        ))
    })?;
    ctx.app.chain_worker.wake();
    Ok(reply)
}
