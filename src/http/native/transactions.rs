//! Transfers, withdrawals and the transaction log (docs/api.md, "Native API").

use crate::domain::ids::{TransactionId, TypedId, WalletId};
use crate::domain::money::WholeAmount;
use crate::domain::scope::Scope;
use crate::domain::transaction::{Kind, Status, Transaction};
use crate::domain::Error;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::openapi::describe::{created, ok, page, r, PAGING};
use crate::http::query::Query;
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::service::grant::{TransfersCreate, WithdrawalsCreate};
use crate::service::ledger::{Ledger, TransferRequest, WithdrawalRequest};
use crate::service::requests::{self, Record};
use crate::store::{self, transactions::TransactionFilter};
use crate::views;
use serde_json::Value;
use std::sync::Arc;

/// The filters of a transaction list, here and on the console.
pub const FILTERS: &[&str] = &[
    "walletId",
    "vaultId",
    "kind",
    "status",
    "assetId",
    "createdFrom",
    "createdTo",
];

pub fn routes() -> Vec<Route> {
    vec![
        Route::native(
            "POST",
            "/v1/transactions/transfer",
            Scope::TransfersCreate,
            transfer,
        )
        .doc(
            created(
                "Move funds between two wallets (Idempotency-Key required)",
                r("Transaction"),
            )
            .body(r("TransferCreate")),
        )
        .audited("transaction.transfer")
        .idempotency_required(),
        Route::native(
            "POST",
            "/v1/transactions/withdraw",
            Scope::WithdrawalsCreate,
            withdraw,
        )
        .doc(
            created(
                "Withdraw to an address-book entry (Idempotency-Key required)",
                r("Transaction"),
            )
            .body(r("WithdrawalCreate")),
        )
        .audited("transaction.withdraw")
        .idempotency_required(),
        Route::native("GET", "/v1/transactions", Scope::TransactionsRead, list).doc(
            ok("List transactions", page(r("Transaction")))
                .query(FILTERS)
                .query(PAGING),
        ),
        Route::native(
            "GET",
            "/v1/transactions/{id}",
            Scope::TransactionsRead,
            fetch,
        )
        .doc(ok("Fetch a transaction", r("Transaction"))),
        Route::native(
            "POST",
            "/v1/transactions/{id}/cancel",
            Scope::WithdrawalsCreate,
            cancel,
        )
        .doc(ok("Cancel a withdrawal before broadcast", r("Transaction")))
        .audited("transaction.cancel"),
    ]
}

/// The transaction as the API shows it.
pub fn render(ledger: &Ledger, t: &Transaction) -> Result<Value, Error> {
    Ok(views::transaction(t, ledger.asset(&t.asset_id)?))
}

fn transfer(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut body = ctx.json()?;
    let request = TransferRequest {
        source_wallet_id: WalletId::parse(body.required_str("sourceWalletId")?)?,
        destination_wallet_id: WalletId::parse(body.required_str("destinationWalletId")?)?,
        amount: WholeAmount::field("amount", body.required_str("amount")?)?,
        note: body.optional_str("note")?,
    };
    body.finish()?;
    let granted = ctx.caller()?.require::<TransfersCreate>()?;
    let ledger = Arc::clone(&ctx.app.ledger);
    ctx.write(move |work| {
        let t = ledger.transfer(work, &granted, request)?;
        Ok(Written::new(
            Reply::created(&render(&ledger, &t)?),
            "transaction",
            t.id,
        ))
    })
}

fn withdraw(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut body = ctx.json()?;
    let request = WithdrawalRequest {
        source_wallet_id: WalletId::parse(body.required_str("sourceWalletId")?)?,
        destination_address: body.optional_str("destinationAddress")?,
        address_book_entry_id: body.optional_str("addressBookEntryId")?,
        destination_tag: body.optional_str("destinationTag")?,
        amount: WholeAmount::field("amount", body.required_str("amount")?)?,
        note: body.optional_str("note")?,
        activity_id: None,
    };
    body.finish()?;
    let granted = ctx.caller()?.require::<WithdrawalsCreate>()?;
    let ledger = Arc::clone(&ctx.app.ledger);
    ctx.write(move |work| {
        let (_, t) = requests::withdraw(&ledger, work, &granted, request, Record::WhenPending)?;
        Ok(Written::new(
            Reply::created(&render(&ledger, &t)?),
            "transaction",
            t.id,
        ))
    })
}

/// The listing's filter from its query parameters; the console's listing and
/// CSV export take the same ones, so both show what the API lists.
pub fn filter_from(query: &mut Query) -> Result<TransactionFilter, Error> {
    Ok(TransactionFilter {
        wallet_id: query.take_id("walletId")?,
        vault_id: query.take_id("vaultId")?,
        kind: query.take_parsed("kind", Kind::parse, "one of Deposit, Transfer, Withdrawal")?,
        statuses: query
            .take_parsed(
                "status",
                Status::parse,
                "a transaction status such as Completed",
            )?
            .into_iter()
            .collect(),
        asset_id: query.take("assetId"),
        created_from: query.take_time("createdFrom")?,
        created_to: query.take_time("createdTo")?,
        ..TransactionFilter::default()
    })
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let filter = filter_from(&mut query)?;
    let page_request = query.page()?;
    query.finish()?;
    let page = ctx.read(|conn, p| store::transactions::list(conn, p, &filter, &page_request))?;
    let ledger = &ctx.app.ledger;
    Ok(Reply::page_try(
        &page_request,
        &page,
        |t| t.id.to_string(),
        |t| render(ledger, t),
    )?)
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path::<TransactionId>("id")?;
    ctx.query()?.finish()?;
    let t = ctx.read(|conn, p| store::transactions::get(conn, p, &id))?;
    Ok(Reply::ok(&render(&ctx.app.ledger, &t)?))
}

fn cancel(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path::<TransactionId>("id")?;
    ctx.no_fields()?;
    let granted = ctx.caller()?.require::<WithdrawalsCreate>()?;
    let ledger = Arc::clone(&ctx.app.ledger);
    ctx.write(move |work| {
        let t = requests::cancel_withdrawal(&ledger, work, &granted, &id)?;
        Ok(Written::new(
            Reply::ok(&render(&ledger, &t)?),
            "transaction",
            t.id,
        ))
    })
}
