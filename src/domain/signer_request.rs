//! Signer requests: the outgoing EVM transactions Coffer builds for the
//! external signer (docs/evm.md, "Withdrawals"), and the fee rules for
//! replacing one that is stuck.

use super::ids::{SignerRequestId, TransactionId};
use super::money::Amount;
use super::wire::wire_names;
use crate::clock::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A customer's withdrawal, sent from the wallet's deposit address.
    Withdrawal,
    /// Native coin from the tenant's gas station to a deposit address that
    /// must pay gas (a token withdrawal).
    GasTopup,
}

wire_names!(Purpose {
    Withdrawal => "withdrawal",
    GasTopup => "gas_topup",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestStatus {
    /// Built, waiting for the signer.
    PendingSignature,
    /// Signature checked; the raw transaction is stored, not yet accepted by
    /// the node.
    Signed,
    /// Accepted by the node; followed until it is mined deep enough.
    Broadcast,
    /// Mined with status 1 at the required depth: final, gas booked.
    Mined,
    /// Mined with status 0 at the required depth: final, gas booked.
    Reverted,
    /// Superseded by a replacement with the same nonce; still followed, since
    /// it may be mined instead of the replacement.
    Replaced,
    /// Never mined: cancelled before signing, or its nonce went to another
    /// request. Its gas reservation is released.
    Cancelled,
}

wire_names!(RequestStatus {
    PendingSignature => "PendingSignature",
    Signed => "Signed",
    Broadcast => "Broadcast",
    Mined => "Mined",
    Reverted => "Reverted",
    Replaced => "Replaced",
    Cancelled => "Cancelled",
});

impl RequestStatus {
    /// Whether the request's gas reservation is still held.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            RequestStatus::PendingSignature
                | RequestStatus::Signed
                | RequestStatus::Broadcast
                | RequestStatus::Replaced
        )
    }
}

/// One outgoing EVM transaction as built (an EIP-1559 call) and as followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerRequest {
    pub id: SignerRequestId,
    pub network: String,
    pub purpose: Purpose,
    pub transaction_id: Option<TransactionId>,
    /// The request this one replaces (same nonce, higher fees).
    pub replaces: Option<SignerRequestId>,
    pub status: RequestStatus,
    pub chain_id: u64,
    /// EIP-55.
    pub from: String,
    /// The BIP-32 index of `from` below the tenant's account key, when Coffer
    /// derived it; `None` for an imported pool address.
    pub derivation_index: Option<u32>,
    pub to: String,
    /// Wei.
    pub value: u128,
    pub data: Vec<u8>,
    pub nonce: u64,
    pub gas: u64,
    pub max_fee_per_gas: u128,
    pub max_priority_fee_per_gas: u128,
    /// gas × maxFeePerGas, held on the tenant's gas account until the
    /// request is mined or cancelled.
    pub gas_reserved: Amount,
    pub signed_payload: Option<String>,
    pub tx_hash: Option<String>,
    /// The node's tip when it first accepted the transaction.
    pub broadcast_height: Option<i64>,
    /// The block of its receipt, as last seen; `None` while not mined (or
    /// after a reorganisation took it out).
    pub included_height: Option<i64>,
    /// gasUsed × effectiveGasPrice, once booked.
    pub gas_charged: Option<Amount>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Blocks a broadcast transaction may wait unmined before it is replaced
/// with higher fees.
pub const STUCK_BLOCKS: i64 = 25;

/// Why a broadcast, unmined request needs a replacement, if it does: the
/// node forgot it (`known` false: dropped or evicted), or it has waited
/// `STUCK_BLOCKS` since it was broadcast at `broadcast_height`.
pub fn replacement_reason(tip: i64, broadcast_height: i64, known: bool) -> Option<&'static str> {
    if !known {
        Some("dropped")
    } else if tip - broadcast_height >= STUCK_BLOCKS {
        Some("stuck")
    } else {
        None
    }
}

/// The fees of a replacement: at least 12.5% above the stuck transaction's
/// on both fields (nodes want 10%; the margin survives rounding), and never
/// below what the network asks now.
pub fn replacement_fees(old: (u128, u128), now: (u128, u128)) -> (u128, u128) {
    let bump = |fee: u128| fee.saturating_add(fee / 8).saturating_add(1);
    let priority = bump(old.1).max(now.1);
    let max_fee = bump(old.0).max(now.0).max(priority);
    (max_fee, priority)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(Purpose::parse("gas_topup"), Some(Purpose::GasTopup));
        assert_eq!(Purpose::parse("sweep"), None);
    }

    #[test]
    fn replaced_when_dropped_or_after_25_blocks() {
        assert_eq!(replacement_reason(100, 90, true), None);
        assert_eq!(replacement_reason(114, 90, true), None);
        assert_eq!(replacement_reason(115, 90, true), Some("stuck"));
        assert_eq!(replacement_reason(91, 90, false), Some("dropped"));
    }

    #[test]
    fn replacements_outbid_by_an_eighth_and_follow_the_market() {
        assert_eq!(
            replacement_fees((2_000_000_000, 1_000_000_000), (1, 1)),
            (2_250_000_001, 1_125_000_001)
        );
        assert_eq!(
            replacement_fees((100, 10), (500, 50)),
            (500, 50),
            "a market above the bump wins"
        );
        let (max_fee, priority) = replacement_fees((10, 10), (0, 100));
        assert!(max_fee >= priority);
    }
}
