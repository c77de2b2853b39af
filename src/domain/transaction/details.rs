//! What a transaction carries by its kind (docs/architecture.md, "Typed
//! values at the edge"): the wallets and vaults a kind always has are plain
//! values, so no reader has to invent one for a missing id.

use super::Kind;
use crate::domain::ids::{AddressBookEntryId, VaultId, WalletId};

/// The kind of a transaction with the data only that kind has.
#[derive(Debug, Clone, PartialEq)]
pub enum Details {
    Deposit(Deposit),
    Transfer(Transfer),
    Withdrawal(Withdrawal),
}

/// Money that came in from a chain (or the sandbox) to one wallet.
#[derive(Debug, Clone, PartialEq)]
pub struct Deposit {
    pub vault_id: VaultId,
    pub wallet_id: WalletId,
    /// The sender on the chain.
    pub from: Option<String>,
    /// The wallet's deposit address it was sent to.
    pub to: Option<String>,
    pub chain: OnChain,
}

/// An instant move between two wallets of one partition; never on a chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Transfer {
    pub source_vault_id: VaultId,
    pub source_wallet_id: WalletId,
    pub destination_vault_id: VaultId,
    pub destination_wallet_id: WalletId,
}

/// Money sent out of one wallet to an address-book entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Withdrawal {
    pub vault_id: VaultId,
    pub wallet_id: WalletId,
    pub address_book_entry_id: AddressBookEntryId,
    /// The wallet's own address, which the chain shows as the sender.
    pub from: Option<String>,
    /// The entry's address and tag at the time of the request.
    pub to: String,
    pub tag: Option<String>,
    pub chain: OnChain,
    /// For the signer, then from it (docs/api.md, "Native API").
    pub unsigned_payload: Option<String>,
    pub signed_payload: Option<String>,
}

/// Where a deposit or withdrawal is on its chain: its hash once known and
/// the block that included it, while it is in one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OnChain {
    pub tx_hash: Option<String>,
    pub included_height: Option<i64>,
}

/// One of Coffer's wallets at an end of a transaction: (vault id, wallet id).
pub type End<'a> = (&'a VaultId, &'a WalletId);

impl Details {
    pub fn kind(&self) -> Kind {
        match self {
            Details::Deposit(_) => Kind::Deposit,
            Details::Transfer(_) => Kind::Transfer,
            Details::Withdrawal(_) => Kind::Withdrawal,
        }
    }

    /// The (vault, wallet) money leaves and the one it comes to, each where
    /// it is one of Coffer's: a deposit comes from outside, a withdrawal
    /// goes outside.
    pub fn ends(&self) -> (Option<End<'_>>, Option<End<'_>>) {
        match self {
            Details::Deposit(d) => (None, Some((&d.vault_id, &d.wallet_id))),
            Details::Transfer(t) => (
                Some((&t.source_vault_id, &t.source_wallet_id)),
                Some((&t.destination_vault_id, &t.destination_wallet_id)),
            ),
            Details::Withdrawal(w) => (Some((&w.vault_id, &w.wallet_id)), None),
        }
    }

    pub fn source_vault_id(&self) -> Option<&VaultId> {
        self.ends().0.map(|(vault, _)| vault)
    }

    pub fn destination_vault_id(&self) -> Option<&VaultId> {
        self.ends().1.map(|(vault, _)| vault)
    }

    pub fn source_wallet_id(&self) -> Option<&WalletId> {
        self.ends().0.map(|(_, wallet)| wallet)
    }

    pub fn destination_wallet_id(&self) -> Option<&WalletId> {
        self.ends().1.map(|(_, wallet)| wallet)
    }

    /// The chain addresses money goes from and to; none for a transfer.
    pub fn addresses(&self) -> (Option<&str>, Option<&str>) {
        match self {
            Details::Deposit(d) => (d.from.as_deref(), d.to.as_deref()),
            Details::Transfer(_) => (None, None),
            Details::Withdrawal(w) => (w.from.as_deref(), Some(&w.to)),
        }
    }

    pub fn source_address(&self) -> Option<&str> {
        self.addresses().0
    }

    pub fn destination_address(&self) -> Option<&str> {
        self.addresses().1
    }

    pub fn destination_tag(&self) -> Option<&str> {
        match self {
            Details::Withdrawal(w) => w.tag.as_deref(),
            _ => None,
        }
    }

    pub fn address_book_entry_id(&self) -> Option<&AddressBookEntryId> {
        match self {
            Details::Withdrawal(w) => Some(&w.address_book_entry_id),
            _ => None,
        }
    }

    /// Where a deposit or withdrawal is on its chain; `None` for a transfer.
    pub fn chain(&self) -> Option<&OnChain> {
        match self {
            Details::Deposit(d) => Some(&d.chain),
            Details::Transfer(_) => None,
            Details::Withdrawal(w) => Some(&w.chain),
        }
    }

    pub fn withdrawal(&self) -> Option<&Withdrawal> {
        match self {
            Details::Withdrawal(w) => Some(w),
            _ => None,
        }
    }
}

#[cfg(test)]
use crate::domain::ids::TypedId;

#[cfg(test)]
impl Details {
    /// Details of `kind` with made-up ids, for tests of what every kind shares.
    pub(crate) fn example(kind: Kind) -> Details {
        match kind {
            Kind::Deposit => Details::Deposit(Deposit {
                vault_id: VaultId::from_stored("v".into()),
                wallet_id: WalletId::from_stored("w".into()),
                from: None,
                to: None,
                chain: OnChain::default(),
            }),
            Kind::Transfer => Details::Transfer(Transfer {
                source_vault_id: VaultId::from_stored("v".into()),
                source_wallet_id: WalletId::from_stored("w".into()),
                destination_vault_id: VaultId::from_stored("v2".into()),
                destination_wallet_id: WalletId::from_stored("w2".into()),
            }),
            Kind::Withdrawal => Details::Withdrawal(Withdrawal {
                vault_id: VaultId::from_stored("v".into()),
                wallet_id: WalletId::from_stored("w".into()),
                address_book_entry_id: AddressBookEntryId::from_stored("e".into()),
                from: None,
                to: "to".into(),
                tag: None,
                chain: OnChain::default(),
                unsigned_payload: None,
                signed_payload: None,
            }),
        }
    }
}
