//! The EVM deposit scanner, run by the chain worker on every pass for each
//! network: reads new blocks from the stored cursor, records the native coin
//! and followed ERC-20 tokens sent to live deposit addresses as `Confirming`
//! deposits, and rolls back reorganisations. Each
//! block (its deposits and the cursor move) is one write job; confirmations
//! are then counted against the cursor by the worker's usual follow step.

use super::erc20::TokenTransfer;
use super::evm::{Block, EvmAdapter, EvmNetwork};
use super::status::NetworkStatus;
use crate::clock::Timestamp;
use crate::domain::address::validate_evm_address;
use crate::domain::money::Amount;
use crate::domain::tenancy::Environment;
use crate::domain::Error;
use crate::service::ledger::{ChainDeposit, Ledger};
use crate::service::work::Work;
use crate::store::chain::Unattributed;
use crate::store::{self, Store};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Block hashes kept to recognise a reorganisation: deeper than any
/// `requiredConfirmations`, past which a deposit is final.
const KEEP_BLOCKS: i64 = 128;
/// Blocks read per pass, so a long catch-up still lets the worker's other
/// steps (and `stop`) run.
const BLOCKS_PER_PASS: i64 = 200;

/// One scan: a rescan an operator asked for, the reorganisation check, then
/// new blocks up to the node's tip. Returns what it saw of the node.
pub fn scan(
    evm: &EvmAdapter,
    store: &Store,
    ledger: &Arc<Ledger>,
    stopping: &AtomicBool,
) -> Result<NetworkStatus, Error> {
    let network = &evm.network;
    let tip = scan_to_tip(evm, store, ledger, stopping)?;
    let cursor = store.read(|conn| store::chain::cursor(conn, &network.name))?;
    Ok(NetworkStatus::reached(tip, cursor))
}

/// The scan itself; returns the node's tip.
fn scan_to_tip(
    evm: &EvmAdapter,
    store: &Store,
    ledger: &Arc<Ledger>,
    stopping: &AtomicBool,
) -> Result<i64, Error> {
    let network = &evm.network;
    let reported = evm.node_chain_id()?;
    if reported != network.chain_id {
        return Err(Error::Unavailable(format!(
            "the {} node is on chain {reported}, not the configured {}: not scanning",
            network.name, network.chain_id
        )));
    }
    let tip = evm.block_number()?;
    let rescan = store.read(|conn| store::chain::pending_rescan(conn, &network.name))?;
    if let Some(from) = rescan {
        log::info!("{}: rescanning from block {from}", network.name);
    }
    let recent = store.read(|conn| store::chain::recent_blocks(conn, &network.name))?;
    let (mut next, mut parent) = match (rescan, recent.first()) {
        (Some(from), _) => (from, None),
        (None, None) if network.start_block < 0 => (tip, None),
        (None, None) => (network.start_block, None),
        (None, Some((height, hash))) => match evm.block_hash(*height)? {
            // The node is behind our cursor (lagging, or restarting): wait
            // rather than treat a missing block as a reorganisation.
            None => return Ok(tip),
            Some(node_hash) if node_hash == *hash => (height + 1, Some(hash.clone())),
            Some(_) => {
                let ancestor = common_ancestor(evm, &recent)?;
                roll_back(store, ledger, &network.name, ancestor.0)?;
                (ancestor.0 + 1, Some(ancestor.1))
            }
        },
    };
    let last = tip.min(next + BLOCKS_PER_PASS - 1);
    // One log query for the pass's whole range: bounded by BLOCKS_PER_PASS.
    let mut logs = evm.transfer_logs(next, last)?;
    while next <= last && !stopping.load(Ordering::SeqCst) {
        let Some(block) = evm.block(next)? else {
            return Ok(tip);
        };
        let (in_block, rest): (Vec<_>, Vec<_>) = logs
            .into_iter()
            .partition(|l| l.block_number == block.number);
        logs = rest;
        // The chain changed under us (the block is not the parent we read,
        // or the logs came from another block at this height): the next pass
        // finds where it forked.
        let forked = parent.as_ref().is_some_and(|p| *p != block.parent_hash)
            || in_block.iter().any(|l| l.block_hash != block.hash);
        if forked {
            return Ok(tip);
        }
        parent = Some(block.hash.clone());
        let incoming = incoming(&evm.network, &block, in_block);
        record(store, ledger, &network.name, &block, incoming)?;
        next += 1;
    }
    Ok(tip)
}

/// Value moved to some address in a block: the native value of a
/// transaction, or a followed token's transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Incoming {
    tx_hash: String,
    /// The log's index; -1 for a transaction's native value.
    log_index: i64,
    asset_id: String,
    from: String,
    to: String,
    atomic: i128,
}

/// What a block moved, with the transfers of one asset from one transaction
/// to one address summed (a deposit is one per transaction and wallet).
fn incoming(network: &EvmNetwork, block: &Block, logs: Vec<TokenTransfer>) -> Vec<Incoming> {
    let native = block.transactions.iter().filter_map(|tx| {
        let to = validate_evm_address(tx.to.as_deref()?).ok()?;
        (tx.value_wei > 0).then(|| Incoming {
            tx_hash: tx.hash.clone(),
            log_index: -1,
            asset_id: network.native_asset.clone(),
            from: validate_evm_address(&tx.from).unwrap_or_else(|_| tx.from.clone()),
            to,
            atomic: tx.value_wei,
        })
    });
    let tokens = logs.into_iter().filter_map(|log| {
        let asset_id = network.token_asset(&log.contract)?.to_string();
        let Some(atomic) = log.value else {
            log::error!(
                "{} transfer {} log {} is past the largest amount; not recorded",
                network.name,
                log.tx_hash,
                log.log_index
            );
            return None;
        };
        (atomic > 0).then_some(Incoming {
            tx_hash: log.tx_hash,
            log_index: log.log_index,
            asset_id,
            from: log.from,
            to: log.to,
            atomic,
        })
    });
    let mut out: Vec<Incoming> = Vec::new();
    for i in native.chain(tokens) {
        let same = out
            .iter_mut()
            .find(|o| o.tx_hash == i.tx_hash && o.to == i.to && o.asset_id == i.asset_id);
        match same {
            Some(o) => o.atomic = o.atomic.saturating_add(i.atomic),
            None => out.push(i),
        }
    }
    out
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
            let work = Work::of_worker(conn, p, now);
            ledger.drop_deposit(&work, t, "orphaned by a chain reorganisation")?;
        }
        store::chain::rollback_to(conn, &name, height)?;
        Ok(count)
    })?;
    log::warn!(
        "{network} reorganisation: rolled back to block {height}, dropped {dropped} deposit(s)"
    );
    Ok(())
}

/// Records what a block moved to live deposit addresses and moves the
/// cursor to it: a deposit to a wallet of the same asset, or an unattributed
/// transfer when the address belongs to a wallet of another asset.
fn record(
    store: &Store,
    ledger: &Arc<Ledger>,
    network: &str,
    block: &Block,
    incoming: Vec<Incoming>,
) -> Result<(), Error> {
    let ledger = Arc::clone(ledger);
    let network = network.to_string();
    let (height, hash) = (block.number, block.hash.clone());
    store.write(move |conn| {
        let now = Timestamp::now();
        store::chain::start_rescan_at(conn, &network, height)?;
        for i in incoming {
            // Coffer's own gas top-ups move the tenant's coin between its
            // addresses: not a customer's deposit.
            if store::signer_requests::is_ours(conn, &i.tx_hash)? {
                continue;
            }
            let Some(amount) = Amount::checked_from_atomic(i.atomic) else {
                log::error!(
                    "deposit {} of {} atomic units is past the largest amount; not recorded",
                    i.tx_hash,
                    i.atomic
                );
                continue;
            };
            let Some((p, wallet)) =
                store::wallets::owner_in_environment(conn, Environment::Live, &network, &i.to)?
            else {
                if i.log_index < 0 {
                    if let Some(p) = store::chain::gas_station_owner(conn, &network, &i.to)? {
                        let work = Work::of_worker(conn, p, now);
                        ledger.gas_station_funded(&work, &network, amount, &i.tx_hash)?;
                    }
                }
                continue;
            };
            if wallet.asset_id != i.asset_id {
                log::warn!(
                    "{network}: {} {} sent to {} (a {} wallet) in {}: kept as unattributed",
                    amount.atomic(),
                    i.asset_id,
                    i.to,
                    wallet.asset_id,
                    i.tx_hash
                );
                let unattributed = Unattributed {
                    network: network.clone(),
                    tx_hash: i.tx_hash,
                    log_index: i.log_index,
                    asset_id: i.asset_id,
                    to: i.to,
                    wallet_id: wallet.id.into(),
                    amount,
                    height,
                };
                store::chain::record_unattributed(conn, &unattributed, now)?;
                continue;
            }
            if store::transactions::deposit_recorded(conn, &i.tx_hash, &wallet.id)? {
                continue;
            }
            let deposit = ChainDeposit {
                amount,
                tx_hash: i.tx_hash,
                from: i.from,
                to: i.to,
                height,
                confirmations: 1,
            };
            ledger.chain_deposit(&Work::of_worker(conn, p.clone(), now), &wallet, deposit)?;
        }
        store::chain::record_block(conn, &network, height, &hash, KEEP_BLOCKS)
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::chain::evm::BlockTx;

    const USDC: &str = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    const ALICE: &str = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    const BOB: &str = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    const SENDER: &str = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    fn network() -> EvmNetwork {
        EvmNetwork {
            name: "ethereum".into(),
            rpc_url: String::new(),
            chain_id: 31337,
            start_block: 0,
            native_asset: "ETH".into(),
            tokens: vec![(USDC.into(), "USDC".into())],
        }
    }

    fn transfer(contract: &str, tx: &str, index: i64, to: &str, value: i128) -> TokenTransfer {
        TokenTransfer {
            block_number: 7,
            block_hash: "0xb7".into(),
            tx_hash: tx.into(),
            log_index: index,
            contract: contract.into(),
            from: SENDER.into(),
            to: to.into(),
            value: Some(value),
        }
    }

    #[test]
    fn a_block_moves_native_value_and_followed_tokens() {
        let block = Block {
            number: 7,
            hash: "0xb7".into(),
            parent_hash: "0xb6".into(),
            transactions: vec![
                BlockTx {
                    hash: "0x01".into(),
                    from: SENDER.to_lowercase(),
                    to: Some(ALICE.to_lowercase()),
                    value_wei: 5,
                },
                // A token call carries no native value.
                BlockTx {
                    hash: "0x02".into(),
                    from: SENDER.into(),
                    to: Some(USDC.into()),
                    value_wei: 0,
                },
            ],
        };
        let logs = vec![
            transfer(USDC, "0x02", 0, BOB, 100),
            transfer(USDC, "0x02", 1, BOB, 50),
            transfer(USDC, "0x02", 2, ALICE, 1),
            // Not a followed token.
            transfer(ALICE, "0x02", 3, BOB, 999),
        ];
        let got = incoming(&network(), &block, logs);
        let summary: Vec<(&str, &str, &str, i128)> = got
            .iter()
            .map(|i| {
                (
                    i.tx_hash.as_str(),
                    i.asset_id.as_str(),
                    i.to.as_str(),
                    i.atomic,
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("0x01", "ETH", ALICE, 5),
                ("0x02", "USDC", BOB, 150),
                ("0x02", "USDC", ALICE, 1),
            ]
        );
        assert_eq!(got[0].from, SENDER, "checksummed");
    }
}
