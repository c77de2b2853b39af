//! Money movement: wallets, deposits, transfers, withdrawals and every step of
//! their lives. Each public function runs inside one write job, so a movement,
//! its ledger entries, its balance caches and its outbox events commit together.

use crate::chain::{sandbox, Chains};
use crate::clock::Timestamp;
use crate::domain::activity::Action;
use crate::domain::address_book::validate_address;
use crate::domain::asset::{Asset, Assets};
use crate::domain::ids::{
    ActivityId, AddressBookEntryId, SignerRequestId, TransactionId, TypedId, VaultId, WalletId,
};
use crate::domain::ledger::Journal;
use crate::domain::money::Amount;
use crate::domain::policy::Request;
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::transaction::{
    Deposit, Details, Kind, OnChain, Status, Transaction, Transfer, Withdrawal,
};
use crate::domain::vault::{Vault, VaultStatus};
use crate::domain::wallet::DepositAddress;
use crate::domain::wallet::{Balance, Wallet, WalletStatus};
use crate::domain::Error;
use crate::service::grant::{Granted, SandboxWrite, Signer, TransfersCreate, WalletsCreate};
use crate::service::policies::{self, Requirement};
use crate::service::work::Work;
use crate::store;
use crate::views;
use rusqlite::Connection;

mod deposits;
mod evm_follow;
mod evm_requests;
mod lifecycle;
mod movements;
#[cfg(test)]
mod tests;
mod wallets;
#[cfg(test)]
mod withdrawal_tests;

pub use deposits::{ChainDeposit, DepositTarget};
pub use evm_requests::{awaits_request, Call, Quote};
pub use lifecycle::Signed;
pub use movements::{TransferRequest, WithdrawalRequest};

/// The name of the vault made for wallets that name none.
const DEFAULT_VAULT_NAME: &str = "Default";

/// What money movement needs besides the database.
pub struct Ledger {
    pub assets: Assets,
    pub chains: Chains,
    /// How long a request waits for approvals before it expires.
    pub activity_ttl_ms: i64,
}

fn emit_transaction(work: &Work, asset: &Asset, t: &Transaction, event: &str) -> Result<(), Error> {
    work.emit_with(event, || Ok(views::transaction(t, asset)))
        .map(|_| ())
}

fn emit_balance(work: &Work, asset: &Asset, wallet_id: &str) -> Result<(), Error> {
    work.emit_with("balance.updated", || {
        let wallet = store::wallets::get(work.conn, &work.p, wallet_id)?;
        Ok(views::wallet(&wallet, asset))
    })
    .map(|_| ())
}

/// `balance.updated` for a wallet read in this job whose balance the caller
/// has moved by exactly what it posted: no second read.
fn emit_wallet(work: &Work, asset: &Asset, wallet: &Wallet) -> Result<(), Error> {
    work.emit_with("balance.updated", || Ok(views::wallet(wallet, asset)))
        .map(|_| ())
}

/// A transaction of `asset` with no history yet, its id (`id`, minted on
/// the writer) given to `details` for what it derives from it.
fn blank(
    details: impl FnOnce(&str) -> Details,
    status: Status,
    asset: &Asset,
    amount: Amount,
    now: Timestamp,
) -> Transaction {
    let id = TransactionId::mint();
    let details = details(&id);
    Transaction::new(
        id,
        details,
        status,
        (&asset.id, &asset.network),
        amount,
        now,
    )
}

impl Ledger {
    pub fn asset(&self, id: &str) -> Result<&Asset, Error> {
        self.assets.of_stored(id)
    }
}

/// A wallet that exists and is not awaiting approval (409 otherwise).
fn usable_wallet(conn: &Connection, p: &Partition, id: &WalletId) -> Result<Wallet, Error> {
    let wallet = store::wallets::get(conn, p, id)?;
    refuse_if_pending(&wallet)?;
    Ok(wallet)
}

fn refuse_if_pending(wallet: &Wallet) -> Result<(), Error> {
    if wallet.status == WalletStatus::PendingApproval {
        return Err(Error::conflict(
            "wallet_pending_approval",
            format!(
                "wallet {} awaits approval and cannot be used yet",
                wallet.id
            ),
        ));
    }
    Ok(())
}

fn refuse_if_frozen(conn: &Connection, p: &Partition, vault_id: &VaultId) -> Result<(), Error> {
    let vault = store::vaults::get(conn, p, vault_id)?;
    if vault.status == VaultStatus::Active {
        Ok(())
    } else {
        Err(Error::refused(
            "vault_frozen",
            format!(
                "vault {} is {} and sends nothing out",
                vault.id,
                vault.status.as_str()
            ),
        ))
    }
}

/// Says, in an `insufficient_funds` refusal, what the wallet has and what the
/// movement needs (any other error passes unchanged).
fn with_shortfall(
    conn: &Connection,
    p: &Partition,
    asset: &Asset,
    wallet_id: &str,
    needed: Amount,
    e: Error,
) -> Error {
    let Error::Refused {
        code: "insufficient_funds",
        ..
    } = e
    else {
        return e;
    };
    let available = match store::wallets::get(conn, p, wallet_id) {
        Ok(w) => w.balance.available,
        Err(other) => return other,
    };
    let words = |a: Amount| {
        format!(
            "{} {}",
            crate::domain::money::format_amount(a, asset.decimals),
            asset.id
        )
    };
    Error::refused(
        "insufficient_funds",
        format!(
            "wallet {wallet_id} has {} available; this needs {}",
            words(available),
            words(needed)
        ),
    )
}

fn not_in_address_book(what: &str) -> Error {
    Error::refused(
        "address_not_in_address_book",
        format!("{what} is not an active address-book entry; add it to the address book first"),
    )
}

fn rename_field(e: Error, field: &str) -> Error {
    match e {
        Error::InvalidField { code, message, .. } => Error::field_code(code, field, message),
        other => other,
    }
}
