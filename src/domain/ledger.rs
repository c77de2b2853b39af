//! Double-entry bookkeeping: every movement is a journal of postings that sum to
//! zero. The standard journals below are the only ways money moves.

use super::money::Amount;
use super::tenancy::Partition;
use super::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountKind {
    Available,
    Locked,
    Pending,
    /// The outside world (the chain): negative as deposits come in.
    External,
    /// Network fees paid out.
    Fees,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Available => "available",
            AccountKind::Locked => "locked",
            AccountKind::Pending => "pending",
            AccountKind::External => "external",
            AccountKind::Fees => "fees",
        }
    }

    /// Accounts of the outside world may go negative; a wallet's may not.
    pub fn may_go_negative(self) -> bool {
        matches!(self, AccountKind::External | AccountKind::Fees)
    }
}

/// The id of one of a wallet's accounts.
pub fn wallet_account(wallet_id: &str, kind: AccountKind) -> (String, AccountKind) {
    (format!("{wallet_id}:{}", kind.as_str()), kind)
}

/// The id of a partition's external or fees account for an asset.
pub fn partition_account(
    p: &Partition,
    asset_id: &str,
    kind: AccountKind,
) -> (String, AccountKind) {
    (
        format!(
            "{}:{}:{asset_id}:{}",
            p.tenant_id,
            p.environment.as_str(),
            kind.as_str()
        ),
        kind,
    )
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub account: String,
    pub kind: AccountKind,
    pub amount: Amount,
}

/// A balanced set of postings in one asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    pub asset_id: String,
    pub postings: Vec<Posting>,
}

impl Journal {
    fn balanced(
        asset_id: &str,
        postings: Vec<((String, AccountKind), Amount)>,
    ) -> Result<Journal, Error> {
        let sum = postings
            .iter()
            .try_fold(Amount::ZERO, |acc, (_, a)| acc.checked_add(*a))
            .ok_or_else(|| Error::Internal("journal overflows".into()))?;
        if sum != Amount::ZERO || postings.iter().any(|(_, a)| a.is_zero()) {
            return Err(Error::Internal(format!("unbalanced journal in {asset_id}")));
        }
        Ok(Journal {
            asset_id: asset_id.to_string(),
            postings: postings
                .into_iter()
                .map(|((account, kind), amount)| Posting {
                    account,
                    kind,
                    amount,
                })
                .collect(),
        })
    }

    /// Two postings: `amount` moves from `from` to `to`.
    fn movement(
        asset_id: &str,
        from: (String, AccountKind),
        to: (String, AccountKind),
        amount: Amount,
    ) -> Result<Journal, Error> {
        let negative = Amount::ZERO
            .checked_sub(amount)
            .ok_or_else(|| Error::Internal("amount out of range".into()))?;
        Journal::balanced(asset_id, vec![(from, negative), (to, amount)])
    }

    /// Two postings inside one wallet: `amount` moves between its balances.
    fn within_wallet(
        asset_id: &str,
        wallet_id: &str,
        (from, to): (AccountKind, AccountKind),
        amount: Amount,
    ) -> Result<Journal, Error> {
        Journal::movement(
            asset_id,
            wallet_account(wallet_id, from),
            wallet_account(wallet_id, to),
            amount,
        )
    }

    /// A deposit seen on chain, not yet credited: external → pending.
    pub fn deposit_seen(
        p: &Partition,
        asset_id: &str,
        wallet_id: &str,
        amount: Amount,
    ) -> Result<Journal, Error> {
        let external = partition_account(p, asset_id, AccountKind::External);
        let pending = wallet_account(wallet_id, AccountKind::Pending);
        Journal::movement(asset_id, external, pending, amount)
    }

    /// A deposit reaching its confirmations: pending → available.
    pub fn deposit_credited(
        asset_id: &str,
        wallet_id: &str,
        amount: Amount,
    ) -> Result<Journal, Error> {
        use AccountKind::{Available, Pending};
        Journal::within_wallet(asset_id, wallet_id, (Pending, Available), amount)
    }

    /// A deposit dropped by a reorg before it was credited: pending → external.
    pub fn deposit_dropped(
        p: &Partition,
        asset_id: &str,
        wallet_id: &str,
        amount: Amount,
    ) -> Result<Journal, Error> {
        let pending = wallet_account(wallet_id, AccountKind::Pending);
        let external = partition_account(p, asset_id, AccountKind::External);
        Journal::movement(asset_id, pending, external, amount)
    }

    /// An internal transfer between two wallets of the same asset.
    pub fn transfer(
        asset_id: &str,
        source: &str,
        destination: &str,
        amount: Amount,
    ) -> Result<Journal, Error> {
        let from = wallet_account(source, AccountKind::Available);
        let to = wallet_account(destination, AccountKind::Available);
        Journal::movement(asset_id, from, to, amount)
    }

    /// A withdrawal holding amount + fee: available → locked.
    pub fn withdrawal_locked(
        asset_id: &str,
        wallet_id: &str,
        amount_and_fee: Amount,
    ) -> Result<Journal, Error> {
        use AccountKind::{Available, Locked};
        Journal::within_wallet(asset_id, wallet_id, (Available, Locked), amount_and_fee)
    }

    /// A withdrawal that did not happen: locked → available.
    pub fn withdrawal_released(
        asset_id: &str,
        wallet_id: &str,
        amount_and_fee: Amount,
    ) -> Result<Journal, Error> {
        use AccountKind::{Available, Locked};
        Journal::within_wallet(asset_id, wallet_id, (Locked, Available), amount_and_fee)
    }

    /// A confirmed withdrawal: the locked amount leaves to the world, the fee to fees.
    pub fn withdrawal_settled(
        p: &Partition,
        asset_id: &str,
        wallet_id: &str,
        amount: Amount,
        fee: Amount,
    ) -> Result<Journal, Error> {
        let both = amount
            .checked_add(fee)
            .ok_or_else(|| Error::Internal("amount out of range".into()))?;
        let mut postings = vec![
            (
                wallet_account(wallet_id, AccountKind::Locked),
                Amount::ZERO.checked_sub(both).unwrap_or(Amount::ZERO),
            ),
            (
                partition_account(p, asset_id, AccountKind::External),
                amount,
            ),
        ];
        if fee.is_positive() {
            postings.push((partition_account(p, asset_id, AccountKind::Fees), fee));
        }
        Journal::balanced(asset_id, postings)
    }
}

/// The tenant's gas money in a network's native coin (docs/evm.md, "Gas"):
/// `gas` pays for outgoing EVM transactions, `gas_held` is what signer
/// requests have reserved. Both are fee-kind accounts of the partition (they
/// may go negative: gas is spent before the tenant's fees cover it).
pub fn gas_account(p: &Partition, asset_id: &str, held: bool) -> (String, AccountKind) {
    let name = if held { "gas_held" } else { "gas" };
    (
        format!(
            "{}:{}:{asset_id}:{name}",
            p.tenant_id,
            p.environment.as_str()
        ),
        AccountKind::Fees,
    )
}

impl Journal {
    /// Native coin sent to the tenant's gas station: external → gas.
    pub fn gas_funded(p: &Partition, asset_id: &str, amount: Amount) -> Result<Journal, Error> {
        Journal::movement(
            asset_id,
            partition_account(p, asset_id, AccountKind::External),
            gas_account(p, asset_id, false),
            amount,
        )
    }

    /// A signer request built: gas × maxFeePerGas set aside.
    pub fn gas_reserved(p: &Partition, asset_id: &str, amount: Amount) -> Result<Journal, Error> {
        Journal::movement(
            asset_id,
            gas_account(p, asset_id, false),
            gas_account(p, asset_id, true),
            amount,
        )
    }

    /// A signer request that was never mined: its reservation comes back.
    pub fn gas_released(p: &Partition, asset_id: &str, amount: Amount) -> Result<Journal, Error> {
        Journal::movement(
            asset_id,
            gas_account(p, asset_id, true),
            gas_account(p, asset_id, false),
            amount,
        )
    }

    /// A mined request: what it really cost (gasUsed × effectiveGasPrice)
    /// leaves to the world, the rest of the reservation comes back.
    pub fn gas_charged(
        p: &Partition,
        asset_id: &str,
        reserved: Amount,
        charged: Amount,
    ) -> Result<Journal, Error> {
        let negative = |a: Amount| {
            Amount::ZERO
                .checked_sub(a)
                .ok_or_else(|| Error::Internal("amount out of range".into()))
        };
        let rest = reserved
            .checked_sub(charged)
            .ok_or_else(|| Error::Internal("amount out of range".into()))?;
        let mut postings = vec![(gas_account(p, asset_id, true), negative(reserved)?)];
        if !charged.is_zero() {
            postings.push((
                partition_account(p, asset_id, AccountKind::External),
                charged,
            ));
        }
        if !rest.is_zero() {
            postings.push((gas_account(p, asset_id, false), rest));
        }
        Journal::balanced(asset_id, postings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tenancy::Environment;

    fn p() -> Partition {
        Partition {
            tenant_id: crate::domain::ids::TypedId::from_stored("t".into()),
            environment: Environment::Test,
        }
    }

    fn sum(j: &Journal) -> i128 {
        j.postings.iter().map(|p| p.amount.atomic()).sum()
    }

    #[test]
    fn standard_journals_balance() {
        let a = Amount::from_atomic(123_456_789_012_123_456_789_012_345_678);
        let f = Amount::from_atomic(5);
        for j in [
            Journal::deposit_seen(&p(), "ETH", "w", a).unwrap(),
            Journal::deposit_credited("ETH", "w", a).unwrap(),
            Journal::transfer("ETH", "w1", "w2", a).unwrap(),
            Journal::withdrawal_locked("ETH", "w", a).unwrap(),
            Journal::withdrawal_released("ETH", "w", a).unwrap(),
            Journal::withdrawal_settled(&p(), "ETH", "w", a, f).unwrap(),
            Journal::gas_funded(&p(), "ETH", a).unwrap(),
            Journal::gas_reserved(&p(), "ETH", f).unwrap(),
            Journal::gas_released(&p(), "ETH", f).unwrap(),
            Journal::gas_charged(&p(), "ETH", a, f).unwrap(),
            Journal::gas_charged(&p(), "ETH", f, f).unwrap(),
        ] {
            assert_eq!(sum(&j), 0, "{j:?}");
        }
        let settled = Journal::withdrawal_settled(&p(), "ETH", "w", a, f).unwrap();
        assert_eq!(settled.postings[0].account, "w:locked");
        assert_eq!(settled.postings[0].amount.atomic(), -(a.atomic() + 5));
        assert_eq!(settled.postings[2].account, "t:test:ETH:fees");
    }

    #[test]
    fn zero_fee_settles_without_a_fee_posting() {
        let j =
            Journal::withdrawal_settled(&p(), "BTC", "w", Amount::from_atomic(10), Amount::ZERO)
                .unwrap();
        assert_eq!(j.postings.len(), 2);
    }

    #[test]
    fn zero_movements_are_refused() {
        assert!(Journal::transfer("BTC", "a", "b", Amount::ZERO).is_err());
    }
}
