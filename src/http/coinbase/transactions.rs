//! Transactions in Coinbase's shape, and withdrawals requested through it.
//!
//! Each transaction is seen from one wallet (`wallet_id`): a deposit from the
//! wallet it credits, a withdrawal from the wallet it leaves. An internal
//! transfer shows as a `withdrawal` of its source wallet, except in a listing
//! filtered by its destination wallet, where it shows as that wallet's
//! `deposit`: every wallet's history then adds up to its balance.

use super::{atomic, currency_filter, seed_field, whole, Console};
use crate::domain::asset::Asset;
use crate::domain::ids::{TransactionId, TypedId, WalletId};
use crate::domain::money::WholeAmount;
use crate::domain::page::Page;
use crate::domain::scope::Scope;
use crate::domain::transaction::{Direction, Status, Transaction};
use crate::domain::Error;
use crate::http::context::{Ctx, Written};
use crate::http::error::ApiError;
use crate::http::openapi::describe::{ok, page, r, PAGING};
use crate::http::reply::Reply;
use crate::http::router::Route;
use crate::service::grant::WithdrawalsCreate;
use crate::service::ledger::{Ledger, WithdrawalRequest};
use crate::service::requests;
use crate::store::{self, transactions::TransactionFilter};
use serde_json::{json, Value};
use std::sync::Arc;

pub fn routes() -> Vec<Route> {
    vec![
        Route::coinbase("GET", "/api/v1/transactions", Scope::TransactionsRead, list).doc(
            ok("Transactions of the organization", page(r("CbTransaction")))
                .query(&[
                    "currency",
                    "state",
                    "type",
                    "wallet_id",
                    "start_time",
                    "end_time",
                    "human_id",
                ])
                .query(PAGING),
        ),
        Route::coinbase(
            "GET",
            "/api/v1/transactions/{id}",
            Scope::TransactionsRead,
            fetch,
        )
        .doc(ok("One transaction", r("CbTransaction"))),
        Route::coinbase(
            "POST",
            "/api/v1/transactions",
            Scope::WithdrawalsCreate,
            create,
        )
        .doc(
            ok(
                "Request a withdrawal (an activity)",
                r("CbTransactionRequested"),
            )
            .body(r("CbTransactionCreate")),
        )
        .audited("transaction.withdraw"),
    ]
}

/// The seed's transaction types; Coffer makes only deposits and withdrawals.
const TYPES: [&str; 15] = [
    "deposit",
    "withdrawal",
    "reward",
    "sweep_withdrawal",
    "sweep_deposit",
    "proxy_withdrawal",
    "proxy_deposit",
    "coinbase_deposit",
    "key_registration",
    "billing_withdrawal",
    "delegation",
    "undelegation",
    "restake",
    "complete_unbonding",
    "coinbase_refund",
];

/// The seed's transaction states.
const STATES: [&str; 11] = [
    "created",
    "requested",
    "approved",
    "gassing",
    "planned",
    "restored",
    "done",
    "imported",
    "cancelled",
    "user_rejected",
    "rejected",
];

fn type_name(direction: Direction) -> &'static str {
    match direction {
        Direction::Incoming => "deposit",
        Direction::Outgoing => "withdrawal",
    }
}

/// The mapping of docs/api.md ("Coinbase-compatible API"). A deposit still confirming is `planned` like an outgoing
/// transaction on its way through the chain; once final it is `imported`.
fn state_name(status: Status, direction: Direction) -> &'static str {
    match (status, direction) {
        (Status::Submitted, _) => "created",
        (Status::PendingApproval, _) => "requested",
        (Status::PendingSignature, _) => "approved",
        (Status::Broadcasting | Status::Confirming, _) => "planned",
        (Status::Completed, Direction::Outgoing) => "done",
        (Status::Completed, Direction::Incoming) => "imported",
        (Status::Cancelled, _) => "cancelled",
        (Status::Rejected, _) => "user_rejected",
        (Status::Failed, _) => "rejected",
    }
}

/// What a `type` and `state` filter select, or `None` when no Coffer
/// transaction can match (a type or state Coffer never produces, or a
/// contradictory pair such as a `done` deposit).
fn selection(kind: Option<&str>, state: Option<&str>) -> Option<(Option<Direction>, Vec<Status>)> {
    let by_type = match kind {
        None => None,
        Some("deposit") => Some(Direction::Incoming),
        Some("withdrawal") => Some(Direction::Outgoing),
        Some(_) => return None,
    };
    let (by_state, statuses) = match state {
        None => (None, Vec::new()),
        Some("done") => (Some(Direction::Outgoing), vec![Status::Completed]),
        Some("imported") => (Some(Direction::Incoming), vec![Status::Completed]),
        Some(name) => {
            let statuses: Vec<Status> = Status::ALL
                .into_iter()
                .filter(|s| *s != Status::Completed && state_name(*s, Direction::Outgoing) == name)
                .collect();
            if statuses.is_empty() {
                return None;
            }
            (None, statuses)
        }
    };
    match (by_type, by_state) {
        (Some(a), Some(b)) if a != b => None,
        (a, b) => Some((a.or(b), statuses)),
    }
}

/// A transaction as seen from `wallet_in_view` (see the module comment).
fn render(t: &Transaction, asset: &Asset, wallet_in_view: Option<&str>) -> Result<Value, Error> {
    let direction = Direction::of(t, wallet_in_view);
    let (wallet_id, amount, fee) = match direction {
        Direction::Incoming => (
            t.details.destination_wallet_id(),
            t.amount,
            crate::domain::money::Amount::ZERO,
        ),
        Direction::Outgoing => (
            t.details.source_wallet_id(),
            crate::domain::money::Amount::from_atomic(-t.amount.atomic()),
            t.fee,
        ),
    };
    let hashes: Vec<&str> = t.tx_hash().into_iter().collect();
    Ok(json!({
        "id": t.id,
        "type": type_name(direction),
        "state": state_name(t.status, direction),
        "amount": atomic(amount)?,
        "destination": t.details.destination_address(),
        "created_at": t.created_at.to_rfc3339(),
        "updated_at": t.updated_at.to_rfc3339(),
        "wallet_id": wallet_id,
        "amount_whole_units": whole(amount, asset),
        "currency": asset.symbol,
        "fee": atomic(fee)?,
        "hashes": hashes,
        "source": t.details.source_address(),
    }))
}

fn render_with(ledger: &Ledger, t: &Transaction, wallet: Option<&str>) -> Result<Value, Error> {
    render(t, ledger.asset(&t.asset_id)?, wallet)
}

fn list(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut query = ctx.query()?;
    let asset_id = currency_filter(&ctx.app.ledger, &mut query)?;
    let state = query.take_parsed(
        "state",
        |s| STATES.into_iter().find(|st| *st == s),
        "a transaction state such as done",
    )?;
    let kind = query.take_parsed(
        "type",
        |s| TYPES.into_iter().find(|t| *t == s),
        "a transaction type such as withdrawal",
    )?;
    let wallet_id = query.take_id("wallet_id")?;
    let created_from = query.take_time("start_time")?;
    let created_to = query.take_time("end_time")?;
    // Coffer's transaction ids are its human ids.
    let id = query.take_id("human_id")?;
    let page_request = query.page()?;
    query.finish()?;
    let partition = ctx.partition()?;
    let page = match selection(kind, state) {
        None => Page {
            items: Vec::new(),
            more: false,
        },
        Some((direction, statuses)) => {
            let filter = TransactionFilter {
                id,
                wallet_id: wallet_id.clone(),
                statuses,
                direction,
                asset_id,
                created_from,
                created_to,
                ..TransactionFilter::default()
            };
            ctx.app
                .store
                .read(|conn| store::transactions::list(conn, &partition, &filter, &page_request))?
        }
    };
    let ledger = &ctx.app.ledger;
    Ok(Reply::page_try(
        &page_request,
        &page,
        |t| t.id.to_string(),
        |t| render_with(ledger, t, wallet_id.as_deref()),
    )?)
}

fn fetch(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let id = ctx.path::<TransactionId>("id")?;
    ctx.query()?.finish()?;
    let partition = ctx.partition()?;
    let t = ctx
        .app
        .store
        .read(|conn| store::transactions::get(conn, &partition, &id))?;
    Ok(Reply::ok(&render_with(&ctx.app.ledger, &t, None)?))
}

/// Native field names the withdrawal service may name, and the seed's for them.
const FIELDS: &[(&str, &str)] = &[
    ("sourceWalletId", "source"),
    ("amount", "whole_amount"),
    ("destinationAddress", "destination"),
    ("address", "destination"),
    ("destinationTag", "account_identifier"),
];

fn create(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut body = ctx.json()?;
    let source = body.required_str("source")?;
    let whole_amount = body.required_str("whole_amount")?;
    let destination = body.required_str("destination")?;
    let fiat = body.optional_str("currency")?;
    let tag = body.optional_str("account_identifier")?;
    body.finish()?;
    let source = WalletId::parse(source)?;
    // Checked before the wallet is read for `currency` (docs/architecture.md).
    let whole_amount = WholeAmount::field("whole_amount", whole_amount)?;
    let partition = ctx.partition()?;
    if let Some(symbol) = fiat {
        // Coffer has no price feed: the amount must already be in the
        // wallet's own currency, which `currency` may repeat.
        let wallet = ctx
            .app
            .store
            .read(|conn| store::wallets::get(conn, &partition, &source))?;
        if !symbol.eq_ignore_ascii_case(&wallet.asset_id) {
            return Err(Error::field(
                "currency",
                format!(
                    "conversion from {symbol} is not supported; give whole_amount in {}",
                    wallet.asset_id
                ),
            )
            .into());
        }
    }
    let request = WithdrawalRequest {
        source_wallet_id: source,
        destination_address: Some(destination),
        address_book_entry_id: None,
        destination_tag: tag,
        amount: whole_amount,
        note: None,
        activity_id: None,
    };
    let granted = ctx.caller()?.require::<WithdrawalsCreate>()?;
    let console = Console::of(ctx);
    let ledger = Arc::clone(&ctx.app.ledger);
    let reply = ctx
        .write(move |work| {
            let (activity, t) =
                requests::withdraw(&ledger, work, &granted, request, requests::Record::Always)?;
            let activity = requests::always(activity)?;
            let asset = ledger.asset(&t.asset_id)?;
            let reply = Reply::ok(&json!({
                "destination": t.details.destination_address(),
                "activity_id": activity.id,
                "currency": asset.symbol,
                "approval_url": console.activity(&activity.id),
                "whole_amount": whole(t.amount, asset),
                "fee": whole(t.fee, asset),
                "source": t.details.source_address(),
            }));
            Ok(Written::new(reply, "transaction", t.id))
        })
        .map_err(|e| match e {
            ApiError::Domain(d) => ApiError::Domain(seed_field(d, FIELDS)),
            other => other,
        })?;
    Ok(reply)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_a_seed_state_that_selects_it_back() {
        for status in Status::ALL {
            for direction in [Direction::Incoming, Direction::Outgoing] {
                let state = state_name(status, direction);
                assert!(STATES.contains(&state), "{state}");
                let (by_state, statuses) = selection(None, Some(state)).unwrap();
                assert!(statuses.contains(&status), "{state} misses {status:?}");
                assert!(by_state.is_none_or(|d| d == direction));
            }
        }
    }

    #[test]
    fn contradictions_and_foreign_types_select_nothing() {
        assert!(selection(Some("deposit"), Some("done")).is_none());
        assert!(selection(Some("withdrawal"), Some("imported")).is_none());
        assert!(selection(Some("reward"), None).is_none());
        assert!(selection(None, Some("gassing")).is_none());
        assert_eq!(
            selection(Some("deposit"), Some("planned")),
            Some((
                Some(Direction::Incoming),
                vec![Status::Broadcasting, Status::Confirming]
            ))
        );
        assert_eq!(selection(None, None), Some((None, Vec::new())));
    }
}
