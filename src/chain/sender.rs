//! The EVM sender, run by the chain worker on every pass for each network
//! (docs/evm.md, "Withdrawals"): builds signer requests for submitted live
//! withdrawals, broadcasts signed ones, follows their receipts to the
//! required depth and replaces those the node dropped or left stuck. Node
//! calls happen outside write jobs; each write job re-reads what it changes,
//! so a concurrent cancel or signature wins cleanly, and every step may be
//! repeated after a crash (broadcasting the same bytes twice is harmless).

use super::evm::EvmAdapter;
use super::evm_send::withdrawal_call;
use crate::clock::Timestamp;
use crate::domain::signer_request::{
    replacement_fees, replacement_reason, RequestStatus, SignerRequest,
};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::transaction::{Kind, Status, Transaction};
use crate::domain::Error;
use crate::service::ledger::{awaits_request, Call, Ledger, Quote};
use crate::store::{self, Store};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// One pass over a network's outgoing transactions.
pub fn send(
    evm: &EvmAdapter,
    store: &Store,
    ledger: &Arc<Ledger>,
    stopping: &AtomicBool,
) -> Result<(), Error> {
    build(evm, store, ledger, stopping)?;
    broadcast(evm, store, ledger, stopping)?;
    follow(evm, store, ledger, stopping)?;
    replace_stuck(evm, store, ledger, stopping)?;
    lost_nonces(evm, store, ledger, stopping)
}

fn log_step(what: &str, id: &str, result: Result<(), Error>) {
    if let Err(e) = result {
        log::warn!("evm sender: {what} {id}: {e}");
    }
}

fn chain_id(evm: &EvmAdapter) -> Result<u64, Error> {
    u64::try_from(evm.network.chain_id)
        .map_err(|_| Error::Internal(format!("chain id {}", evm.network.chain_id)))
}

/// Live withdrawals of this network awaiting one get their signer request,
/// unless their address has a transaction in flight (one nonce at a time).
fn build(
    evm: &EvmAdapter,
    store: &Store,
    ledger: &Arc<Ledger>,
    stopping: &AtomicBool,
) -> Result<(), Error> {
    let network = evm.network.name.clone();
    let due: Vec<(Partition, Transaction)> = store.read(|conn| {
        let mut due = Vec::new();
        let submitted = store::transactions::in_status(conn, Status::Submitted)?;
        let approved = store::transactions::in_status(conn, Status::PendingSignature)?;
        for (p, t) in submitted.into_iter().chain(approved) {
            let ours = p.environment == Environment::Live
                && t.kind == Kind::Withdrawal
                && t.network == network
                && awaits_request(&t);
            if !ours {
                continue;
            }
            let from = t.source_address.clone().unwrap_or_default();
            if !store::signer_requests::busy(conn, &network, &from)? {
                due.push((p, t));
            }
        }
        Ok(due)
    })?;
    for (p, t) in due {
        if stopping.load(Ordering::SeqCst) {
            return Ok(());
        }
        log_step(
            "building withdrawal",
            &t.id,
            build_one(evm, store, ledger, p, &t),
        );
    }
    Ok(())
}

fn build_one(
    evm: &EvmAdapter,
    store: &Store,
    ledger: &Arc<Ledger>,
    p: Partition,
    t: &Transaction,
) -> Result<(), Error> {
    let asset = ledger.asset(&t.asset_id)?;
    let from = t.source_address.clone().unwrap_or_default();
    let destination = t.destination_address.clone().unwrap_or_default();
    let atomic = u128::try_from(t.amount.atomic())
        .map_err(|_| Error::Internal("negative withdrawal".into()))?;
    let (to, value, data) = withdrawal_call(asset, &destination, atomic)?;
    let gas = evm.estimate_gas(&from, &to, value, &data)?;
    let fees = evm.fees()?;
    let needed = u128::from(gas)
        .checked_mul(fees.max_fee_per_gas)
        .and_then(|g| g.checked_add(value))
        .ok_or_else(|| Error::Internal("gas cost overflows".into()))?;
    let balance = evm.balance(&from)?;
    if balance < needed {
        return top_up(evm, store, ledger, p, &from, needed - balance);
    }
    let quote = Quote {
        chain_id: chain_id(evm)?,
        mined_nonce: evm.mined_nonce(&from)?,
        gas,
        fees,
    };
    let call = Call {
        from,
        // Pool addresses carry no derivation index (docs/evm.md).
        derivation_index: None,
        to,
        value,
        data,
    };
    let ledger = Arc::clone(ledger);
    let id = t.id.clone();
    store.write(move |conn| {
        ledger
            .build_withdrawal(conn, &p, &id, call, quote, Timestamp::now())
            .map(|_| ())
    })
}

/// A deposit address short of native coin for its withdrawal's gas (a
/// token wallet's, usually) gets `short` wei from the tenant's gas station,
/// as a signer request of its own; the withdrawal is built once the coin is
/// there.
fn top_up(
    evm: &EvmAdapter,
    store: &Store,
    ledger: &Arc<Ledger>,
    p: Partition,
    to: &str,
    short: u128,
) -> Result<(), Error> {
    let network = evm.network.name.clone();
    let station = store.read(|conn| store::chain::gas_station(conn, &p, &network))?;
    let Some(station) = station else {
        return Err(Error::Unavailable(format!(
            "{to} needs {short} wei more for gas and the tenant has no gas station on \
             {network} (coffer addresses gas-station); waiting"
        )));
    };
    if store.read(|conn| store::signer_requests::busy(conn, &network, &station.address))? {
        return Ok(());
    }
    let gas = evm.estimate_gas(&station.address, to, short, &[])?;
    let fees = evm.fees()?;
    let needed = u128::from(gas)
        .checked_mul(fees.max_fee_per_gas)
        .and_then(|g| g.checked_add(short))
        .ok_or_else(|| Error::Internal("gas cost overflows".into()))?;
    let balance = evm.balance(&station.address)?;
    if balance < needed {
        return Err(Error::Unavailable(format!(
            "the gas station {} holds {balance} wei, {needed} needed to top up {to}; \
             the tenant must fund it",
            station.address
        )));
    }
    let quote = Quote {
        chain_id: chain_id(evm)?,
        mined_nonce: evm.mined_nonce(&station.address)?,
        gas,
        fees,
    };
    let call = Call {
        from: station.address,
        derivation_index: station.derivation_index,
        to: to.to_string(),
        value: short,
        data: Vec::new(),
    };
    let ledger = Arc::clone(ledger);
    store.write(move |conn| {
        ledger
            .build_gas_topup(conn, &p, &network, call, quote, Timestamp::now())
            .map(|_| ())
    })
}

/// Nonces of open requests that the chain has used although none of their
/// requests was seen mined.
fn lost_nonces(
    evm: &EvmAdapter,
    store: &Store,
    ledger: &Arc<Ledger>,
    stopping: &AtomicBool,
) -> Result<(), Error> {
    let open = [
        RequestStatus::PendingSignature,
        RequestStatus::Signed,
        RequestStatus::Broadcast,
        RequestStatus::Replaced,
    ];
    let mut groups: Vec<SignerRequest> = Vec::new();
    let all = requests(store, &evm.network.name, &open)?;
    for r in &all {
        let mined = all
            .iter()
            .any(|o| o.from == r.from && o.nonce == r.nonce && o.included_height.is_some());
        let seen = groups
            .iter()
            .any(|g| g.from == r.from && g.nonce == r.nonce);
        if !mined && !seen {
            groups.push(r.clone());
        }
    }
    for r in groups {
        if stopping.load(Ordering::SeqCst) {
            return Ok(());
        }
        if evm.mined_nonce(&r.from)? > r.nonce {
            log_step("nonce taken", &r.id, nonce_taken(evm, store, ledger, &r));
        }
    }
    Ok(())
}

/// A nonce of ours that a transaction Coffer did not build has used: once
/// that is final (the nonce is used as of the block `requiredConfirmations`
/// below the scanner's cursor), the nonce's requests are cancelled and
/// their withdrawal fails with its hold released, since none of them can
/// ever be mined. Until then, nothing is done.
fn nonce_taken(
    evm: &EvmAdapter,
    store: &Store,
    ledger: &Arc<Ledger>,
    r: &SignerRequest,
) -> Result<(), Error> {
    let network = evm.network.name.clone();
    let Some(cursor) = store.read(|conn| store::chain::cursor(conn, &network))? else {
        return Ok(());
    };
    let depth = i64::from(ledger.native_asset(&network)?.required_confirmations);
    let final_height = cursor - depth + 1;
    if final_height < 0 || evm.mined_nonce_at(&r.from, final_height)? <= r.nonce {
        return Ok(());
    }
    log::error!(
        "evm sender: nonce {} of {} was used by a transaction Coffer did not build; \
         failing request {} and its withdrawal (an operator should look at that transaction)",
        r.nonce,
        r.from,
        r.id
    );
    let ledger = Arc::clone(ledger);
    let id = r.id.clone();
    store.write(move |conn| ledger.nonce_taken(conn, &id, Timestamp::now()))
}

fn requests(
    store: &Store,
    network: &str,
    statuses: &[RequestStatus],
) -> Result<Vec<SignerRequest>, Error> {
    let found = store.read(|conn| store::signer_requests::in_status(conn, network, statuses))?;
    Ok(found.into_iter().map(|(_, r)| r).collect())
}

/// Signed requests go to the node.
fn broadcast(
    evm: &EvmAdapter,
    store: &Store,
    ledger: &Arc<Ledger>,
    stopping: &AtomicBool,
) -> Result<(), Error> {
    for r in requests(store, &evm.network.name, &[RequestStatus::Signed])? {
        if stopping.load(Ordering::SeqCst) {
            return Ok(());
        }
        let raw = r.signed_payload.clone().unwrap_or_default();
        let hash = r.tx_hash.clone().unwrap_or_default();
        let sent = match evm.send_raw(&raw) {
            Ok(()) => Ok(()),
            // Sent before a crash, perhaps mined already: the node knows it.
            Err(e) if evm.knows(&hash).unwrap_or(false) => {
                log::info!("evm sender: {hash} already with the node ({e})");
                Ok(())
            }
            Err(e) => Err(e),
        };
        let result = sent.and_then(|()| {
            let tip = evm.block_number()?;
            let ledger = Arc::clone(ledger);
            let id = r.id.clone();
            store.write(move |conn| ledger.mark_broadcast(conn, &id, tip, Timestamp::now()))
        });
        log_step("broadcasting request", &r.id, result);
    }
    Ok(())
}

/// Broadcast requests (and the ones they replaced, which may still be
/// mined instead) are followed by their receipts.
fn follow(
    evm: &EvmAdapter,
    store: &Store,
    ledger: &Arc<Ledger>,
    stopping: &AtomicBool,
) -> Result<(), Error> {
    let network = evm.network.name.clone();
    let Some(cursor) = store.read(|conn| store::chain::cursor(conn, &network))? else {
        return Ok(());
    };
    let open = [RequestStatus::Broadcast, RequestStatus::Replaced];
    for r in requests(store, &network, &open)? {
        if stopping.load(Ordering::SeqCst) {
            return Ok(());
        }
        let Some(hash) = r.tx_hash.clone() else {
            continue;
        };
        let result = evm.receipt(&hash).and_then(|receipt| {
            let ledger = Arc::clone(ledger);
            let id = r.id.clone();
            store.write(move |conn| {
                ledger.follow_request(conn, &id, receipt.as_ref(), cursor, Timestamp::now())
            })
        });
        log_step("following request", &r.id, result);
    }
    Ok(())
}

/// A broadcast request the node forgot (dropped from its pool) or left
/// unmined for `STUCK_BLOCKS` gets a replacement request
/// (`replacement_reason`).
fn replace_stuck(
    evm: &EvmAdapter,
    store: &Store,
    ledger: &Arc<Ledger>,
    stopping: &AtomicBool,
) -> Result<(), Error> {
    let waiting: Vec<SignerRequest> =
        requests(store, &evm.network.name, &[RequestStatus::Broadcast])?
            .into_iter()
            .filter(|r| r.included_height.is_none())
            .collect();
    if waiting.is_empty() {
        return Ok(());
    }
    let tip = evm.block_number()?;
    for r in waiting {
        if stopping.load(Ordering::SeqCst) {
            return Ok(());
        }
        let hash = r.tx_hash.clone().unwrap_or_default();
        let known = evm.knows(&hash)? || evm.receipt(&hash)?.is_some();
        let Some(why) = replacement_reason(tip, r.broadcast_height.unwrap_or(tip), known) else {
            continue;
        };
        if evm.mined_nonce(&r.from)? > r.nonce {
            // The nonce is used (by whom: the follow step or
            // `lost_nonces` tells); a replacement could never be mined.
            continue;
        }
        let now_fees = evm.fees()?;
        let (max_fee, priority) = replacement_fees(
            (r.max_fee_per_gas, r.max_priority_fee_per_gas),
            (now_fees.max_fee_per_gas, now_fees.max_priority_fee_per_gas),
        );
        let fees = crate::chain::evm_send::Fees {
            max_fee_per_gas: max_fee,
            max_priority_fee_per_gas: priority,
        };
        let ledger = Arc::clone(ledger);
        let id = r.id.clone();
        let result = store.write(move |conn| {
            ledger
                .replace_request(conn, &id, fees, Timestamp::now())
                .map(|_| ())
        });
        if result.is_ok() {
            log::warn!(
                "evm sender: {hash} {why}; replacement requested for {}",
                r.id
            );
        }
        log_step("replacing request", &r.id, result);
    }
    Ok(())
}
