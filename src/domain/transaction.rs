//! Custody transactions and the withdrawal state machine (docs/api.md, "Native API").

use super::money::Amount;
use super::wire::wire_names;
use super::Error;
use crate::clock::Timestamp;
use crate::domain::ids::{ActivityId, TransactionId, TypedId, VaultId, WalletId};

mod details;
pub use details::{Deposit, Details, OnChain, Transfer, Withdrawal};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Deposit,
    Transfer,
    Withdrawal,
}

wire_names!(Kind {
    Deposit => "Deposit",
    Transfer => "Transfer",
    Withdrawal => "Withdrawal",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Submitted,
    PendingApproval,
    PendingSignature,
    Broadcasting,
    Confirming,
    Completed,
    Failed,
    Cancelled,
    Rejected,
}

wire_names!(Status {
    Submitted => "Submitted",
    PendingApproval => "PendingApproval",
    PendingSignature => "PendingSignature",
    Broadcasting => "Broadcasting",
    Confirming => "Confirming",
    Completed => "Completed",
    Failed => "Failed",
    Cancelled => "Cancelled",
    Rejected => "Rejected",
});

impl Status {
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Completed | Status::Failed | Status::Cancelled | Status::Rejected
        )
    }

    /// Whether a transaction of `kind` may go from `self` to `to`.
    pub fn may_become(self, kind: Kind, to: Status) -> bool {
        use Status::*;
        match kind {
            Kind::Transfer => false,
            Kind::Deposit => matches!((self, to), (Confirming, Completed | Failed)),
            Kind::Withdrawal => matches!(
                (self, to),
                (
                    Submitted,
                    PendingApproval | PendingSignature | Cancelled | Failed
                ) | (PendingApproval, PendingSignature | Rejected | Cancelled)
                    | (PendingSignature, Broadcasting | Cancelled | Failed)
                    | (Broadcasting, Confirming | Failed)
                    | (Confirming, Completed | Failed)
            ),
        }
    }

    /// A withdrawal can be cancelled until it is handed to the network.
    pub fn cancellable(self) -> bool {
        matches!(
            self,
            Status::Submitted | Status::PendingApproval | Status::PendingSignature
        )
    }
}

/// Which way a transaction moves money, seen from one wallet or (with no
/// wallet in view) from the whole partition: a deposit comes in; a withdrawal
/// goes out; a transfer goes out of its source wallet and into its destination,
/// and for the partition as a whole it counts as going out of its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Incoming,
    Outgoing,
}

impl Direction {
    pub fn of(t: &Transaction, wallet_in_view: Option<&str>) -> Direction {
        let into_view = wallet_in_view.is_some()
            && t.details.destination_wallet_id().map(|w| w.as_str()) == wallet_in_view;
        match t.kind() {
            Kind::Deposit => Direction::Incoming,
            Kind::Transfer if into_view => Direction::Incoming,
            Kind::Transfer | Kind::Withdrawal => Direction::Outgoing,
        }
    }
}

/// A deposit, transfer or withdrawal: what every kind has, and its
/// per-kind data in `details`.
#[derive(Debug, Clone, PartialEq)]
pub struct Transaction {
    pub id: TransactionId,
    pub status: Status,
    pub asset_id: String,
    pub network: String,
    pub amount: Amount,
    pub fee: Amount,
    pub details: Details,
    pub confirmations: i64,
    pub required_confirmations: i64,
    pub note: Option<String>,
    pub failure_reason: Option<String>,
    pub activity_id: Option<ActivityId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Transaction {
    /// A transaction with no history yet: fee zero, no confirmations.
    pub fn new(
        id: TransactionId,
        details: Details,
        status: Status,
        (asset_id, network): (&str, &str),
        amount: Amount,
        now: Timestamp,
    ) -> Transaction {
        Transaction {
            id,
            status,
            asset_id: asset_id.to_string(),
            network: network.to_string(),
            amount,
            fee: Amount::ZERO,
            details,
            confirmations: 0,
            required_confirmations: 0,
            note: None,
            failure_reason: None,
            activity_id: None,
            created_at: now,
            updated_at: now,
        }
    }

    pub fn kind(&self) -> Kind {
        self.details.kind()
    }

    /// The withdrawal's data, to change; an internal error for another kind
    /// (a caller that has checked the kind or status never sees it).
    pub fn withdrawal_mut(&mut self) -> Result<&mut Withdrawal, Error> {
        let kind = self.kind();
        match &mut self.details {
            Details::Withdrawal(w) => Ok(w),
            _ => Err(Error::Internal(format!(
                "transaction {} is a {}, not a withdrawal",
                self.id,
                kind.as_str()
            ))),
        }
    }

    /// Where a deposit or withdrawal is on its chain, to change; an internal
    /// error for a transfer.
    pub fn chain_mut(&mut self) -> Result<&mut OnChain, Error> {
        match &mut self.details {
            Details::Deposit(d) => Ok(&mut d.chain),
            Details::Withdrawal(w) => Ok(&mut w.chain),
            Details::Transfer(_) => Err(Error::Internal(format!(
                "transaction {} is a transfer, never on a chain",
                self.id
            ))),
        }
    }

    pub fn tx_hash(&self) -> Option<&str> {
        self.details.chain().and_then(|c| c.tx_hash.as_deref())
    }

    pub fn included_height(&self) -> Option<i64> {
        self.details.chain().and_then(|c| c.included_height)
    }

    /// A withdrawal's payload for the signer, once built.
    pub fn unsigned_payload(&self) -> Option<&str> {
        self.details
            .withdrawal()
            .and_then(|w| w.unsigned_payload.as_deref())
    }

    /// A withdrawal's payload from the signer, once signed.
    pub fn signed_payload(&self) -> Option<&str> {
        self.details
            .withdrawal()
            .and_then(|w| w.signed_payload.as_deref())
    }

    /// Moves to `to`, or 409 if the state machine forbids it.
    pub fn transition(&mut self, to: Status, now: Timestamp) -> Result<(), Error> {
        if !self.status.may_become(self.kind(), to) {
            return Err(Error::conflict(
                "invalid_status",
                format!(
                    "a {} transaction cannot go from {} to {}",
                    self.kind().as_str(),
                    self.status.as_str(),
                    to.as_str()
                ),
            ));
        }
        self.status = to;
        self.updated_at = now;
        Ok(())
    }

    /// What the withdrawal holds: amount plus fee.
    pub fn amount_and_fee(&self) -> Result<Amount, Error> {
        self.amount
            .checked_add(self.fee)
            .ok_or_else(|| Error::field("amount", "is too large"))
    }

    /// The vault the API shows: the receiving vault of a deposit, else the sender.
    pub fn vault_id(&self) -> &VaultId {
        match &self.details {
            Details::Deposit(d) => &d.vault_id,
            Details::Transfer(t) => &t.source_vault_id,
            Details::Withdrawal(w) => &w.vault_id,
        }
    }

    /// The wallet whose balance the transaction's life moves: the one a
    /// deposit comes to, the one a transfer or withdrawal leaves.
    pub fn wallet_id(&self) -> &WalletId {
        match &self.details {
            Details::Deposit(d) => &d.wallet_id,
            Details::Transfer(t) => &t.source_wallet_id,
            Details::Withdrawal(w) => &w.wallet_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn withdrawal_happy_path_and_exits() {
        let path = [
            Submitted,
            PendingSignature,
            Broadcasting,
            Confirming,
            Completed,
        ];
        for pair in path.windows(2) {
            assert!(pair[0].may_become(Kind::Withdrawal, pair[1]), "{pair:?}");
        }
        for from in [Submitted, PendingApproval, PendingSignature] {
            assert!(from.cancellable());
            assert!(from.may_become(Kind::Withdrawal, Cancelled));
        }
        for from in [Broadcasting, Confirming, Completed, Failed, Cancelled] {
            assert!(!from.cancellable());
            assert!(!from.may_become(Kind::Withdrawal, Cancelled));
        }
    }

    #[test]
    fn final_states_are_final() {
        for from in Status::ALL.into_iter().filter(|s| s.is_final()) {
            for to in Status::ALL {
                for kind in [Kind::Deposit, Kind::Transfer, Kind::Withdrawal] {
                    assert!(!from.may_become(kind, to), "{from:?} -> {to:?}");
                }
            }
        }
    }

    #[test]
    fn deposits_only_confirm_or_fail() {
        assert!(Confirming.may_become(Kind::Deposit, Completed));
        assert!(!Submitted.may_become(Kind::Deposit, PendingSignature));
        assert!(!Confirming.may_become(Kind::Transfer, Completed));
    }
}
