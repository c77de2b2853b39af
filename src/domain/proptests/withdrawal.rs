//! The withdrawal state machine: no walk leaves a final state.

use super::config;
use crate::clock::Timestamp;
use crate::domain::ids::{TransactionId, TypedId};
use crate::domain::money::Amount;
use crate::domain::transaction::{Details, Kind, Status, Transaction};
use proptest::prelude::*;

fn transaction(kind: Kind, status: Status) -> Transaction {
    let mut t = Transaction::new(
        TransactionId::from_stored("t".into()),
        Details::example(kind),
        status,
        ("BTC", "bitcoin"),
        Amount::from_atomic(1),
        Timestamp::from_millis(0),
    );
    t.required_confirmations = 1;
    t
}

/// Progress along the withdrawal's path; every transition must increase it.
fn rank(s: Status) -> u8 {
    match s {
        Status::Submitted => 0,
        Status::PendingApproval => 1,
        Status::PendingSignature => 2,
        Status::Broadcasting => 3,
        Status::Confirming => 4,
        Status::Completed | Status::Failed | Status::Cancelled | Status::Rejected => 5,
    }
}

fn any_status() -> impl Strategy<Value = Status> {
    proptest::sample::select(Status::ALL.to_vec())
}

fn any_kind() -> impl Strategy<Value = Kind> {
    proptest::sample::select(vec![Kind::Deposit, Kind::Transfer, Kind::Withdrawal])
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_walks_never_leave_a_final_state(
        kind in any_kind(),
        start in any_status(),
        walk in proptest::collection::vec(any_status(), 0..40),
    ) {
        let mut t = transaction(kind, start);
        let mut clock = 0;
        for to in walk {
            let before = t.status;
            clock += 1;
            match t.transition(to, Timestamp::from_millis(clock)) {
                Ok(()) => {
                    prop_assert!(!before.is_final(), "{:?} left final {:?}", kind, before);
                    prop_assert_eq!(t.status, to);
                    prop_assert_eq!(t.updated_at, Timestamp::from_millis(clock));
                    prop_assert!(rank(to) > rank(before), "{:?}: {:?} -> {:?}", kind, before, to);
                    if to == Status::Cancelled {
                        prop_assert!(before.cancellable());
                        prop_assert!(rank(before) < rank(Status::Broadcasting));
                    }
                    prop_assert!(kind != Kind::Transfer, "transfers are born final");
                }
                Err(_) => {
                    prop_assert_eq!(t.status, before, "a refused move changed the status");
                    prop_assert_eq!(t.updated_at, Timestamp::from_millis(clock - 1));
                    clock -= 1;
                }
            }
        }
    }

    #[test]
    fn cancellable_exactly_before_broadcasting(s in any_status()) {
        prop_assert_eq!(s.cancellable(), rank(s) < rank(Status::Broadcasting));
        prop_assert_eq!(s.cancellable(), s.may_become(Kind::Withdrawal, Status::Cancelled));
        prop_assert!(!s.may_become(Kind::Deposit, Status::Cancelled));
    }
}
