//! Ledger journals: every standard journal sums to zero.

use super::config;
use crate::domain::ledger::Journal;
use crate::domain::money::{Amount, MAX_ATOMIC};
use crate::domain::tenancy::{Environment, Partition};
use proptest::prelude::*;

fn partition() -> Partition {
    Partition {
        tenant_id: crate::domain::ids::TypedId::from_stored("tenant".into()),
        environment: Environment::Test,
    }
}

fn journal_sum(j: &Journal) -> i128 {
    j.postings.iter().map(|p| p.amount.atomic()).sum()
}

fn every_journal(amount: Amount, fee: Amount) -> Vec<Result<Journal, crate::domain::Error>> {
    let p = partition();
    vec![
        Journal::deposit_seen(&p, "ETH", "w1", amount),
        Journal::deposit_credited("ETH", "w1", amount),
        Journal::deposit_dropped(&p, "ETH", "w1", amount),
        Journal::transfer("ETH", "w1", "w2", amount),
        Journal::withdrawal_locked("ETH", "w1", amount),
        Journal::withdrawal_released("ETH", "w1", amount),
        Journal::withdrawal_settled(&p, "ETH", "w1", amount, fee),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_standard_journal_sums_to_zero(
        (amount, fee) in (1i128..=MAX_ATOMIC)
            .prop_union((1i128 << 63)..=MAX_ATOMIC)
            .prop_flat_map(|a| (Just(a), 0..=MAX_ATOMIC - a)),
    ) {
        for j in every_journal(Amount::from_atomic(amount), Amount::from_atomic(fee)) {
            let j = j.unwrap();
            prop_assert_eq!(journal_sum(&j), 0, "{:?}", j);
            prop_assert!(j.postings.iter().all(|p| !p.amount.is_zero()), "{:?}", j);
            let mut accounts: Vec<_> = j.postings.iter().map(|p| &p.account).collect();
            accounts.sort();
            accounts.dedup();
            prop_assert_eq!(accounts.len(), j.postings.len(), "an account twice: {:?}", j);
            prop_assert!(j.postings.iter().all(|p| p.amount.atomic().unsigned_abs()
                <= MAX_ATOMIC.unsigned_abs()));
        }
    }

    #[test]
    fn out_of_range_amounts_are_refused_never_unbalanced(x in any::<i128>(), f in any::<i128>()) {
        for j in every_journal(Amount::from_atomic(x), Amount::from_atomic(f)).into_iter().flatten() {
            prop_assert_eq!(journal_sum(&j), 0, "{:?}", j);
            prop_assert!(j.postings.iter().all(|p| !p.amount.is_zero()));
        }
    }
}
