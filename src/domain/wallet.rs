//! Wallets: one asset's balance inside a vault.

use super::ids::{ActivityId, VaultId, WalletId};
use super::money::Amount;
use super::wire::wire_names;
use crate::clock::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalletStatus {
    Active,
    PendingApproval,
}

wire_names!(WalletStatus {
    Active => "Active",
    PendingApproval => "PendingApproval",
});

#[derive(Debug, Clone, PartialEq)]
pub struct Wallet {
    pub id: WalletId,
    pub vault_id: VaultId,
    pub asset_id: String,
    pub label: Option<String>,
    pub status: WalletStatus,
    pub deposit_address: Option<String>,
    pub balance: Balance,
    /// The activity a wallet awaiting approval was requested under.
    pub activity_id: Option<ActivityId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A wallet's money: `available` can be withdrawn, `locked` is held by outgoing
/// withdrawals not yet final, `pending` is incoming and not yet credited.
/// Each is one ledger account, so `total = available + locked` holds by
/// construction and `available` can never go negative (the store refuses it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Balance {
    pub available: Amount,
    pub locked: Amount,
    pub pending: Amount,
}

impl Balance {
    pub fn total(&self) -> Amount {
        self.available
            .checked_add(self.locked)
            .unwrap_or(Amount::from_atomic(i128::MAX))
    }
}

/// A deposit address of a wallet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepositAddress {
    pub id: String,
    pub network: String,
    pub address: String,
    pub wallet_id: String,
    pub created_at: Timestamp,
    /// The child index `i` of `m/44'/60'/0'/0/i` for an address derived from
    /// the tenant's xpub; `None` for sandbox and pool addresses.
    pub derivation_index: Option<u32>,
}
