//! The EVM deposit scanner, run by the chain worker on every pass for each
//! network: reads new blocks from the stored cursor, records the native coin sent to live deposit
//! addresses as `Confirming` deposits, and rolls back reorganisations. Each
//! block (its deposits and the cursor move) is one write job; confirmations
//! are then counted against the cursor by the worker's usual follow step.

use super::evm::{Block, EvmAdapter};
use crate::clock::Timestamp;
use crate::domain::address::validate_evm_address;
use crate::domain::money::Amount;
use crate::domain::tenancy::Environment;
use crate::domain::Error;
use crate::service::ledger::{ChainDeposit, Ledger};
use crate::store::{self, Store};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Block hashes kept to recognise a reorganisation: deeper than any
/// `requiredConfirmations`, past which a deposit is final.
const KEEP_BLOCKS: i64 = 128;
/// Blocks read per pass, so a long catch-up still lets the worker's other
/// steps (and `stop`) run.
const BLOCKS_PER_PASS: i64 = 200;

/// One scan: reorganisation check, then new blocks up to the node's tip.
pub fn scan(
    evm: &EvmAdapter,
    store: &Store,
    ledger: &Arc<Ledger>,
    stopping: &AtomicBool,
) -> Result<(), Error> {
    let network = &evm.network;
    let reported = evm.node_chain_id()?;
    if reported != network.chain_id {
        return Err(Error::Unavailable(format!(
            "the {} node is on chain {reported}, not the configured {}: not scanning",
            network.name, network.chain_id
        )));
    }
    let tip = evm.block_number()?;
    let recent = store.read(|conn| store::chain::recent_blocks(conn, &network.name))?;
    let (mut next, mut parent) = match recent.first() {
        None if network.start_block < 0 => (tip, None),
        None => (network.start_block, None),
        Some((height, hash)) => match evm.block_hash(*height)? {
            // The node is behind our cursor (lagging, or restarting): wait
            // rather than treat a missing block as a reorganisation.
            None => return Ok(()),
            Some(node_hash) if node_hash == *hash => (height + 1, Some(hash.clone())),
            Some(_) => {
                let ancestor = common_ancestor(evm, &recent)?;
                roll_back(store, ledger, &network.name, ancestor.0)?;
                (ancestor.0 + 1, Some(ancestor.1))
            }
        },
    };
    let last = tip.min(next + BLOCKS_PER_PASS - 1);
    while next <= last && !stopping.load(Ordering::SeqCst) {
        let Some(block) = evm.block(next)? else {
            return Ok(());
        };
        if parent.as_ref().is_some_and(|p| *p != block.parent_hash) {
            // The chain changed under us; the next pass finds where it forked.
            return Ok(());
        }
        parent = Some(block.hash.clone());
        record(store, ledger, evm, block)?;
        next += 1;
    }
    Ok(())
}

/// The highest kept block the node still has: (height, hash).
fn common_ancestor(evm: &EvmAdapter, recent: &[(i64, String)]) -> Result<(i64, String), Error> {
    for (height, hash) in recent.iter().skip(1) {
        if evm.block_hash(*height)?.as_deref() == Some(hash.as_str()) {
            return Ok((*height, hash.clone()));
        }
    }
    Err(Error::Unavailable(format!(
        "the {} node shares none of the last {} blocks scanned: a reorganisation deeper \
         than Coffer keeps, or a different chain; an operator must look",
        evm.network.name,
        recent.len()
    )))
}

/// Forgets the blocks above `height` and drops the uncredited deposits in
/// them, in one write job.
fn roll_back(store: &Store, ledger: &Arc<Ledger>, network: &str, height: i64) -> Result<(), Error> {
    let ledger = Arc::clone(ledger);
    let name = network.to_string();
    let dropped = store.write(move |conn| {
        let now = Timestamp::now();
        let orphaned =
            store::transactions::confirming_deposits_above(conn, Environment::Live, &name, height)?;
        let count = orphaned.len();
        for (p, t) in orphaned {
            ledger.drop_deposit(conn, &p, t, "orphaned by a chain reorganisation", now)?;
        }
        store::chain::rollback_to(conn, &name, height)?;
        Ok(count)
    })?;
    log::warn!(
        "{network} reorganisation: rolled back to block {height}, dropped {dropped} deposit(s)"
    );
    Ok(())
}

/// Records a block's deposits to live wallets of the network's native coin
/// and moves the cursor to it.
fn record(
    store: &Store,
    ledger: &Arc<Ledger>,
    evm: &EvmAdapter,
    block: Block,
) -> Result<(), Error> {
    let ledger = Arc::clone(ledger);
    let network = evm.network.name.clone();
    let native = evm.network.native_asset.clone();
    store.write(move |conn| {
        let now = Timestamp::now();
        for tx in &block.transactions {
            let Some(to) = tx.to.as_deref() else { continue };
            if tx.value_wei <= 0 {
                continue;
            }
            let Ok(to) = validate_evm_address(to) else {
                continue;
            };
            let Some((p, wallet)) =
                store::wallets::owner_in_environment(conn, Environment::Live, &network, &to)?
            else {
                continue;
            };
            if wallet.asset_id != native
                || store::transactions::deposit_recorded(conn, &tx.hash, &wallet.id)?
            {
                continue;
            }
            let Some(amount) = Amount::checked_from_atomic(tx.value_wei) else {
                log::error!(
                    "deposit {} of {} wei is past the largest amount; not recorded",
                    tx.hash,
                    tx.value_wei
                );
                continue;
            };
            let deposit = ChainDeposit {
                amount,
                tx_hash: tx.hash.clone(),
                from: validate_evm_address(&tx.from).unwrap_or_else(|_| tx.from.clone()),
                to: to.clone(),
                height: block.number,
                confirmations: 1,
            };
            ledger.chain_deposit(conn, &p, &wallet, deposit, now)?;
        }
        store::chain::record_block(conn, &network, block.number, &block.hash, KEEP_BLOCKS)
    })
}
