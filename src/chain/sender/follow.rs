//! The sender's steps after a request is signed (docs/evm.md,
//! "Following"): broadcast, receipts, replacement of dropped or stuck
//! transactions, and nonces someone else used.

use super::{log_step, requests, step};
use crate::chain::evm::EvmAdapter;
use crate::domain::signer_request::{
    replacement_fees, replacement_reason, RequestStatus, SignerRequest,
};
use crate::domain::tenancy::Partition;
use crate::domain::Error;
use crate::service::ledger::Ledger;
use crate::store::{self, Store};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Signed requests go to the node.
pub(super) fn broadcast(
    evm: &EvmAdapter,
    store: &Store,
    ledger: &Arc<Ledger>,
    stopping: &AtomicBool,
) -> Result<(), Error> {
    let signed = requests(store, &evm.network.name, &[RequestStatus::Signed])?;
    // A signature goes to the node only once its commit is on disk.
    store.settle_reads()?;
    for (p, r) in signed {
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
            step(store, p, move |work| ledger.mark_broadcast(work, &id, tip))
        });
        log_step("broadcasting request", &r.id, result);
    }
    Ok(())
}

/// Broadcast requests (and the ones they replaced, which may still be
/// mined instead) are followed by their receipts.
pub(super) fn follow(
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
    for (p, r) in requests(store, &network, &open)? {
        if stopping.load(Ordering::SeqCst) {
            return Ok(());
        }
        let Some(hash) = r.tx_hash.clone() else {
            continue;
        };
        let result = evm.receipt(&hash).and_then(|receipt| {
            let ledger = Arc::clone(ledger);
            let id = r.id.clone();
            step(store, p, move |work| {
                ledger.follow_request(work, &id, receipt.as_ref(), cursor)
            })
        });
        log_step("following request", &r.id, result);
    }
    Ok(())
}

/// A broadcast request the node forgot (dropped from its pool) or left
/// unmined for `STUCK_BLOCKS` gets a replacement request
/// (`replacement_reason`).
pub(super) fn replace_stuck(
    evm: &EvmAdapter,
    store: &Store,
    ledger: &Arc<Ledger>,
    stopping: &AtomicBool,
) -> Result<(), Error> {
    let waiting: Vec<(Partition, SignerRequest)> =
        requests(store, &evm.network.name, &[RequestStatus::Broadcast])?
            .into_iter()
            .filter(|(_, r)| r.included_height.is_none())
            .collect();
    if waiting.is_empty() {
        return Ok(());
    }
    let tip = evm.block_number()?;
    for (p, r) in waiting {
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
        let result = step(store, p, move |work| {
            ledger.replace_request(work, &id, fees).map(|_| ())
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

/// Nonces of open requests that the chain has used although none of their
/// requests was seen mined.
pub(super) fn lost_nonces(
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
    let mut groups: Vec<(Partition, SignerRequest)> = Vec::new();
    let all = requests(store, &evm.network.name, &open)?;
    for (p, r) in &all {
        let mined = all
            .iter()
            .any(|(_, o)| o.from == r.from && o.nonce == r.nonce && o.included_height.is_some());
        let seen = groups
            .iter()
            .any(|(_, g)| g.from == r.from && g.nonce == r.nonce);
        if !mined && !seen {
            groups.push((p.clone(), r.clone()));
        }
    }
    for (p, r) in groups {
        if stopping.load(Ordering::SeqCst) {
            return Ok(());
        }
        if evm.mined_nonce(&r.from)? > r.nonce {
            log_step("nonce taken", &r.id, nonce_taken(evm, store, ledger, p, &r));
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
    p: Partition,
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
    step(store, p, move |work| ledger.nonce_taken(work, &id))
}
