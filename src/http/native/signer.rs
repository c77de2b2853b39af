//! The signer API: withdrawals waiting for the external signer, and the door
//! through which their signatures come back.

use crate::domain::scope::Scope;
use crate::domain::transaction::Status;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::native::transactions::render;
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::store::{self, transactions::TransactionFilter};
use serde_json::json;
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route::native("GET", "/v1/signer/requests", Scope::Signer, list),
        Route::native(
            "POST",
            "/v1/signer/requests/{id}/signature",
            Scope::Signer,
            sign,
        )
        .audited("transaction.signature"),
    ]
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let page_request = query.page()?;
    query.finish()?;
    let filter = TransactionFilter {
        statuses: vec![Status::PendingSignature],
        ..TransactionFilter::default()
    };
    let page = ctx.read(|conn, p| store::transactions::list(conn, p, &filter, &page_request))?;
    let ledger = &ctx.app.ledger;
    Reply::page_try(
        &page_request,
        &page,
        |t| t.id.clone(),
        |t| {
            Ok::<_, ApiError>(json!({
                "id": t.id,
                "transactionId": t.id,
                "assetId": t.asset_id,
                "network": t.network,
                "unsignedPayload": t.unsigned_payload,
                "transaction": render(ledger, t)?,
                "createdAt": t.updated_at.to_rfc3339(),
            }))
        },
    )
}

fn sign(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path_id("id", "signer request")?;
    let mut body = ctx.json()?;
    let signed = body.required_str("signedPayload")?;
    body.finish()?;
    let partition = ctx.partition()?;
    let ledger = Arc::clone(&ctx.app.ledger);
    let now = ctx.now;
    let reply = ctx.write(move |conn| {
        let t = ledger.attach_signature(conn, &partition, &id, &signed, now)?;
        Ok(Written::new(
            Reply::ok(&render(&ledger, &t)?),
            "transaction",
            t.id,
        ))
    })?;
    ctx.app.chain_worker.wake();
    Ok(reply)
}
