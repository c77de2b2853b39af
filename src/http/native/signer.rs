//! The signer API: what waits for the external signer, and the door through
//! which signatures come back. In the test environment these are sandbox
//! withdrawals (docs/decisions.md, "Sandbox chain"); in the live environment
//! EVM signer requests in the docs/evm.md shape (docs/evm.md, "Withdrawals").

use crate::chain::eth::address_path;
use crate::chain::evm_send::eip1559;
use crate::crypto::hex;
use crate::domain::money::{format_amount, Amount};
use crate::domain::scope::Scope;
use crate::domain::signer_request::{Purpose, RequestStatus, SignerRequest};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::transaction::{Status, Transaction};
use crate::domain::Error;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::native::transactions::render;
use crate::http::openapi::describe::{obj, ok, page, r, string};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::service::grant::Signer;
use crate::service::ledger::{Ledger, Signed};
use crate::store::{self, transactions::TransactionFilter};
use rusqlite::Connection;
use serde_json::{json, Value};
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route::native("GET", "/v1/signer/requests", Scope::Signer, list).doc(
            ok(
                "Withdrawals, gas top-ups and replacements awaiting the external \
                signer",
                page(r("SignerRequest")),
            )
            .query(&["limit", "before", "after", "status"]),
        ),
        Route::native(
            "POST",
            "/v1/signer/requests/{id}/signature",
            Scope::Signer,
            sign,
        )
        .doc(
            ok(
                "Submit a signed payload: a sandbox withdrawal's signature (test), \
                or an EVM signed raw transaction (live), checked field by field",
                json!({"anyOf": [r("Transaction"), r("SignerRequest")]}),
            )
            .body(obj(&[("signedPayload", string())], &["signedPayload"])),
        )
        .audited("transaction.signature"),
    ]
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let page_request = query.page()?;
    // Requests awaiting the signer by default; any status on demand, so
    // top-ups and replacements stay visible once signed.
    let status = query
        .take_parsed(
            "status",
            RequestStatus::parse,
            "PendingSignature, Signed, Broadcast, Mined, Reverted, Replaced or Cancelled",
        )?
        .unwrap_or(RequestStatus::PendingSignature);
    query.finish()?;
    let ledger = &ctx.app.ledger;
    if ctx.partition()?.environment == Environment::Live {
        let page = ctx.read(|conn, p| {
            let page = store::signer_requests::list(conn, p, status, &page_request)?;
            let mut rendered = Vec::with_capacity(page.items.len());
            for r in &page.items {
                rendered.push(live_request(ledger, conn, p, r)?);
            }
            let mut rendered = rendered.into_iter();
            Ok(page.map(|r| (r.id, rendered.next().unwrap_or_default())))
        })?;
        return Reply::page_try(
            &page_request,
            &page,
            |r| r.0.to_string(),
            |r| Ok::<_, ApiError>(r.1.clone()),
        );
    }
    if status != RequestStatus::PendingSignature {
        // Sandbox withdrawals are signer requests only while they await one.
        return Err(Error::field(
            "status",
            "the test environment lists only PendingSignature requests",
        )
        .into());
    }
    let filter = TransactionFilter {
        statuses: vec![Status::PendingSignature],
        ..TransactionFilter::default()
    };
    let page = ctx.read(|conn, p| store::transactions::list(conn, p, &filter, &page_request))?;
    Reply::page_try(
        &page_request,
        &page,
        |t| t.id.to_string(),
        |t| {
            Ok::<_, ApiError>(json!({
                "id": t.id,
                "purpose": "withdrawal",
                "transactionId": t.id,
                "assetId": t.asset_id,
                "network": t.network,
                "unsignedPayload": t.unsigned_payload(),
                "transaction": render(ledger, t)?,
                "createdAt": t.updated_at.to_rfc3339(),
            }))
        },
    )
}

fn quantity(n: impl Into<u128>) -> String {
    format!("0x{:x}", n.into())
}

/// A live signer request as the signer sees it: the transaction's fields,
/// the payload to sign, and in words what it does (asset, amount,
/// destination, purpose), which the reference signer checks the payload
/// against before it signs.
fn live_request(
    ledger: &Ledger,
    conn: &Connection,
    p: &Partition,
    r: &SignerRequest,
) -> Result<Value, Error> {
    let unsigned = format!("0x{}", hex(&eip1559(r)?.unsigned_payload()));
    let (asset, amount, destination) = match (&r.purpose, &r.transaction_id) {
        (Purpose::Withdrawal, Some(t_id)) => {
            let t: Transaction = store::transactions::get(conn, p, t_id)?;
            let asset = ledger.asset(&t.asset_id)?;
            let destination = t.details.destination_address().ok_or_else(|| {
                Error::Internal(format!(
                    "signer request {} is for {t_id}, not a withdrawal",
                    r.id
                ))
            })?;
            (asset, t.amount, destination.to_string())
        }
        _ => {
            let asset = ledger.native_asset(&r.network)?;
            let value = i128::try_from(r.value)
                .ok()
                .and_then(Amount::checked_from_atomic)
                .ok_or_else(|| Error::Internal("top-up value out of range".into()))?;
            (asset, value, r.to.clone())
        }
    };
    Ok(json!({
        "id": r.id,
        "purpose": r.purpose.as_str(),
        "transactionId": r.transaction_id,
        "replaces": r.replaces,
        "network": r.network,
        "chainId": r.chain_id,
        "from": r.from,
        "derivationPath": r.derivation_index.map(address_path),
        "transaction": {
            "to": r.to,
            "value": quantity(r.value),
            "data": format!("0x{}", hex(&r.data)),
            "nonce": quantity(r.nonce),
            "gas": quantity(r.gas),
            "maxFeePerGas": quantity(r.max_fee_per_gas),
            "maxPriorityFeePerGas": quantity(r.max_priority_fee_per_gas),
        },
        "unsignedPayload": unsigned,
        "assetId": asset.id,
        "contract": asset.contract,
        "decimals": asset.decimals,
        "amount": format_amount(amount, asset.decimals),
        "destinationAddress": destination,
        "status": r.status.as_str(),
        "txHash": r.tx_hash,
        "createdAt": r.created_at.to_rfc3339(),
    }))
}

fn sign(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path_id("id", "signer request")?;
    let mut body = ctx.json()?;
    let signed = body.required_str("signedPayload")?;
    body.finish()?;
    let granted = ctx.caller()?.require::<Signer>()?;
    let ledger = Arc::clone(&ctx.app.ledger);
    ctx.write(
        move |work| match ledger.sign(work, &granted, &id, &signed)? {
            Signed::Request(r) => {
                let view = live_request(&ledger, work.conn, &work.p, &r)?;
                Ok(Written::new(Reply::ok(&view), "signer_request", r.id))
            }
            Signed::Transaction(t) => Ok(Written::new(
                Reply::ok(&render(&ledger, &t)?),
                "transaction",
                t.id,
            )),
        },
    )
}
