//! The EVM sender, run by the chain worker on every pass for each network
//! (docs/evm.md, "Withdrawals"): builds signer requests for submitted live
//! withdrawals, broadcasts signed ones, follows their receipts to the
//! required depth and replaces those the node dropped or left stuck. Node
//! calls happen outside write jobs; each write job re-reads what it changes,
//! so a concurrent cancel or signature wins cleanly, and every step may be
//! repeated after a crash (broadcasting the same bytes twice is harmless).

mod follow;

use super::evm::EvmAdapter;
use super::evm_send::withdrawal_call;
use crate::domain::signer_request::{RequestStatus, SignerRequest};
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::transaction::{Kind, Status, Transaction};
use crate::domain::Error;
use crate::service::ledger::{awaits_request, Call, Ledger, Quote};
use crate::service::work::{self, Act, NoWorkers, Work};
use crate::store::{self, Store};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// One pass over a network's outgoing transactions.
pub fn send(
    evm: &EvmAdapter,
    store: &Store,
    ledger: &Arc<Ledger>,
    stopping: &AtomicBool,
) -> Result<(), Error> {
    build(evm, store, ledger, stopping)?;
    follow::broadcast(evm, store, ledger, stopping)?;
    follow::follow(evm, store, ledger, stopping)?;
    follow::replace_stuck(evm, store, ledger, stopping)?;
    follow::lost_nonces(evm, store, ledger, stopping)
}

/// How often the same request or withdrawal may log the same trouble: a
/// withdrawal waiting for gas would otherwise log on every pass.
const WARN_EVERY: Duration = Duration::from_secs(60);
/// Bound on the ids remembered for `WARN_EVERY`.
const WARNED_MAX: usize = 10_000;

/// Logs a failed step, at most once per `WARN_EVERY` for one step of one
/// id; a step that succeeds is forgotten.
pub(super) fn log_step(what: &str, id: &str, result: Result<(), Error>) {
    static WARNED: OnceLock<Mutex<HashMap<String, Instant>>> = OnceLock::new();
    let Ok(mut warned) = WARNED.get_or_init(Mutex::default).lock() else {
        return;
    };
    let key = format!("{what} {id}");
    let Err(e) = result else {
        warned.remove(&key);
        return;
    };
    let now = Instant::now();
    let due = warned
        .get(&key)
        .is_none_or(|last| now.duration_since(*last) >= WARN_EVERY);
    if due {
        log::warn!("evm sender: {key}: {e}");
        if warned.len() >= WARNED_MAX {
            warned.clear();
        }
        warned.insert(key, now);
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
                && t.kind() == Kind::Withdrawal
                && t.network == network
                && awaits_request(&t);
            if !ours {
                continue;
            }
            let from = t.details.source_address().unwrap_or_default();
            if !store::signer_requests::busy(conn, &network, from)? {
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
    let from = t.details.source_address().unwrap_or_default().to_string();
    let destination = t.details.destination_address().unwrap_or_default();
    let atomic = u128::try_from(t.amount.atomic())
        .map_err(|_| Error::Internal("negative withdrawal".into()))?;
    let (to, value, data) = withdrawal_call(asset, destination, atomic)?;
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
    // An xpub-derived address carries its index; a pool address none.
    let derivation_index =
        store.read(|conn| store::wallets::derivation_index(conn, &asset.network, &from))?;
    let call = Call {
        from,
        derivation_index,
        to,
        value,
        data,
    };
    let ledger = Arc::clone(ledger);
    let id = t.id.clone();
    step(store, p, move |work| {
        ledger.build_withdrawal(work, &id, call, quote).map(|_| ())
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
    step(store, p, move |work| {
        ledger
            .build_gas_topup(work, &network, call, quote)
            .map(|_| ())
    })
}

/// One write step of the sender: a unit of work of the worker in the books
/// `p` of the transaction or request it changes (the worker is awake
/// already: nothing to ring).
pub(super) fn step<F>(store: &Store, p: Partition, job: F) -> Result<(), Error>
where
    F: FnOnce(&Work) -> Result<(), Error> + Send + 'static,
{
    work::run(store, &NoWorkers, Act::worker(p), job)
}

/// The requests of `network` in `statuses`, each with its books.
pub(super) fn requests(
    store: &Store,
    network: &str,
    statuses: &[RequestStatus],
) -> Result<Vec<(Partition, SignerRequest)>, Error> {
    store.read(|conn| store::signer_requests::in_status(conn, network, statuses))
}
