//! The sandbox chain's controls (test environment only; 404 for live keys).

use crate::domain::ids::{TypedId, WalletId};
use crate::domain::money::WholeAmount;
use crate::domain::scope::Scope;
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::Error;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::native::transactions::render;
use crate::http::openapi::describe::{created, int, obj, ok, r};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::service::grant::SandboxWrite;
use crate::service::ledger::DepositTarget;
use serde_json::{json, Value};
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route::native("POST", "/v1/sandbox/deposits", Scope::SandboxWrite, deposit)
            .doc(
                created(
                    "Simulate an incoming deposit (test keys only)",
                    r("Transaction"),
                )
                .body(r("SandboxDeposit")),
            )
            .audited("sandbox.deposit"),
        Route::native("POST", "/v1/sandbox/blocks", Scope::SandboxWrite, mine)
            .doc(
                ok(
                    "Mine sandbox blocks (test keys only)",
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
    test_partition(ctx)?;
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
    let to = match (wallet_id, address) {
        (Some(id), _) => DepositTarget::Wallet(WalletId::parse(id)?),
        (None, Some(address)) => DepositTarget::Address(address),
        (None, None) => return Err(Error::field("walletId", "give walletId or address").into()),
    };
    let amount = WholeAmount::field("amount", amount)?;
    let granted = ctx.caller()?.require::<SandboxWrite>()?;
    let ledger = Arc::clone(&ctx.app.ledger);
    ctx.write(move |work| {
        let t = ledger.simulate_deposit(work, &granted, to, &amount, confirmations)?;
        Ok(Written::new(
            Reply::created(&render(&ledger, &t)?),
            "transaction",
            t.id,
        ))
    })
}

fn mine(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let partition = test_partition(ctx)?;
    let mut body = ctx.json()?;
    let count = count_field(body.take_raw("count"), "count", 1..=1000, 1)?;
    body.finish()?;
    let granted = ctx.caller()?.require::<SandboxWrite>()?;
    let ledger = Arc::clone(&ctx.app.ledger);
    ctx.write(move |work| {
        let height = ledger.mine(work, &granted, count)?;
        Ok(Written::new(
            Reply::ok(&json!({ "height": height })),
            "sandbox_chain",
            partition.tenant_id.clone(),
        ))
    })
}
