//! Property tests of the pure domain code: money, ledger journals, the
//! withdrawal state machine and keyset pagination. Hand-picked examples sit
//! beside each module; these generate the cases nobody thought of, and shrink a
//! failure to its smallest input. Case counts are kept modest so the whole
//! module runs in a few seconds of `cargo test`.

use super::ledger::Journal;
use super::money::{format_amount, parse_amount, Amount, AmountError, MAX_ATOMIC};
use super::page::{links, Cursor, Page, PageRequest};
use super::tenancy::{Environment, Partition};
use super::transaction::{Kind, Status, Transaction};
use crate::clock::Timestamp;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::cmp::Ordering;

/// 512 cases from a fixed seed, so `cargo test` is reproducible and never
/// flakes; `PROPTEST_RNG_SEED=<n>` (or `random`) and `PROPTEST_CASES=<n>`
/// explore further by hand. A failure prints its minimal input, which belongs
/// in an example test beside the code, so no regression files are written.
pub(crate) fn config() -> ProptestConfig {
    let defaults = ProptestConfig::default();
    let rng_seed = match std::env::var("PROPTEST_RNG_SEED") {
        Ok(_) => defaults.rng_seed,
        Err(_) => RngSeed::Fixed(0x0c0f_fe70),
    };
    let cases = match std::env::var("PROPTEST_CASES") {
        Ok(_) => defaults.cases,
        Err(_) => 512,
    };
    ProptestConfig {
        cases,
        rng_seed,
        failure_persistence: None,
        ..defaults
    }
}

/// Atomic amounts of every magnitude: tiny, around 2^63 and up to the cap.
fn atomic_in_range() -> impl Strategy<Value = i128> {
    prop_oneof![
        0i128..1000,
        0i128..=i128::from(i64::MAX),
        (1i128 << 63)..(1i128 << 64),
        0i128..=MAX_ATOMIC,
        Just(MAX_ATOMIC),
    ]
}

/// A canonical decimal string with at most `decimals` places whose value fits
/// under the cap (at most 36 digits in all, counting the padded fraction).
fn canonical_string(decimals: u32) -> impl Strategy<Value = String> {
    let max_int_digits = 36usize.saturating_sub(decimals as usize).min(18);
    let int = prop_oneof![
        Just("0".to_string()),
        (
            1u8..=9,
            proptest::collection::vec(0u8..=9, 0..max_int_digits)
        )
            .prop_map(|(first, rest)| {
                std::iter::once(first)
                    .chain(rest)
                    .map(|d| char::from(b'0' + d))
                    .collect::<String>()
            }),
    ];
    let frac_len = decimals as usize;
    let frac = proptest::collection::vec(0u8..=9, 0..=frac_len).prop_map(|mut digits| {
        // A canonical fraction never ends in zero.
        while digits.last() == Some(&0) {
            digits.pop();
        }
        digits
            .into_iter()
            .map(|d| char::from(b'0' + d))
            .collect::<String>()
    });
    (int, frac).prop_map(|(i, f)| if f.is_empty() { i } else { format!("{i}.{f}") })
}

/// Compares two canonical non-negative decimal strings as numbers, by their
/// digits alone (no parsing into a number), as an independent oracle.
fn compare_decimal_strings(a: &str, b: &str) -> Ordering {
    let split = |s: &str| {
        let (i, f) = s.split_once('.').unwrap_or((s, ""));
        (i.to_string(), f.to_string())
    };
    let (ai, af) = split(a);
    let (bi, bf) = split(b);
    let width = af.len().max(bf.len());
    let pad = |f: String| format!("{f:0<width$}");
    ai.len()
        .cmp(&bi.len())
        .then_with(|| ai.cmp(&bi))
        .then_with(|| pad(af).cmp(&pad(bf)))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn format_then_parse_round_trips_for_every_decimals(
        decimals in 0u32..=30,
        atomic in atomic_in_range(),
    ) {
        let a = Amount::from_atomic(atomic);
        let s = format_amount(a, decimals);
        prop_assert_eq!(parse_amount(&s, decimals), Ok(a), "{}", s);
        // The negative of a non-zero amount renders with a sign, which no
        // client may send.
        if atomic > 0 {
            let neg = format_amount(Amount::from_atomic(-atomic), decimals);
            prop_assert_eq!(neg.strip_prefix('-'), Some(s.as_str()));
            prop_assert_eq!(parse_amount(&neg, decimals), Err(AmountError::Malformed));
        }
    }

    #[test]
    fn parse_then_format_round_trips_canonical_strings(
        (decimals, s) in (0u32..=30).prop_flat_map(|d| (Just(d), canonical_string(d))),
    ) {
        let a = parse_amount(&s, decimals).unwrap();
        prop_assert_eq!(format_amount(a, decimals), s);
    }

    #[test]
    fn parsing_preserves_order(
        (decimals, x, y) in (0u32..=30)
            .prop_flat_map(|d| (Just(d), canonical_string(d), canonical_string(d))),
    ) {
        let (a, b) = (parse_amount(&x, decimals).unwrap(), parse_amount(&y, decimals).unwrap());
        prop_assert_eq!(a.cmp(&b), compare_decimal_strings(&x, &y), "{} vs {}", x, y);
    }

    #[test]
    fn formatting_preserves_order(decimals in 0u32..=30, x in atomic_in_range(), y in atomic_in_range()) {
        let (a, b) = (Amount::from_atomic(x), Amount::from_atomic(y));
        prop_assert_eq!(
            a.cmp(&b),
            compare_decimal_strings(&format_amount(a, decimals), &format_amount(b, decimals))
        );
    }

    #[test]
    fn parsing_arbitrary_text_never_panics_and_stays_in_range(
        s in "\\PC{0,60}|[0-9.+eE-]{0,60}",
        decimals in prop_oneof![0u32..=40, Just(u32::MAX)],
    ) {
        if let Ok(a) = parse_amount(&s, decimals) {
            prop_assert!((0..=MAX_ATOMIC).contains(&a.atomic()), "{} -> {:?}", s, a);
            prop_assert_eq!(parse_amount(&format_amount(a, decimals), decimals), Ok(a));
        }
    }

    #[test]
    fn checked_arithmetic_never_wraps(x in any::<i128>(), y in any::<i128>()) {
        let (a, b) = (Amount::from_atomic(x), Amount::from_atomic(y));
        let in_cap = |v: i128| v.unsigned_abs() <= MAX_ATOMIC.unsigned_abs();
        match a.checked_add(b) {
            Some(sum) => {
                prop_assert!(in_cap(sum.atomic()));
                prop_assert_eq!(sum.atomic().checked_sub(y), Some(x));
            }
            None => prop_assert!(x.checked_add(y).is_none_or(|s| !in_cap(s))),
        }
        match a.checked_sub(b) {
            Some(diff) => {
                prop_assert!(in_cap(diff.atomic()));
                prop_assert_eq!(diff.atomic().checked_add(y), Some(x));
            }
            None => prop_assert!(x.checked_sub(y).is_none_or(|s| !in_cap(s))),
        }
    }

    #[test]
    fn in_range_sums_are_exact(x in atomic_in_range(), y in atomic_in_range()) {
        let sum = Amount::from_atomic(x).checked_add(Amount::from_atomic(y));
        let expected = x + y; // both ≤ 10^36: no i128 overflow possible
        prop_assert_eq!(sum.map(Amount::atomic), (expected <= MAX_ATOMIC).then_some(expected));
    }
}

// ---------------------------------------------------------------------------
// Ledger journals.

fn partition() -> Partition {
    Partition {
        tenant_id: "tenant".into(),
        environment: Environment::Test,
    }
}

fn journal_sum(j: &Journal) -> i128 {
    j.postings.iter().map(|p| p.amount.atomic()).sum()
}

fn every_journal(amount: Amount, fee: Amount) -> Vec<Result<Journal, super::Error>> {
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

// ---------------------------------------------------------------------------
// The withdrawal state machine.

fn transaction(kind: Kind, status: Status) -> Transaction {
    let mut t = Transaction::new(
        "t".into(),
        kind,
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

// ---------------------------------------------------------------------------
// Keyset pagination, against an in-memory table of time-ordered ids.

/// What the store's keyset query returns: `limit + 1` rows in walking order.
fn fetch(table: &[u64], request: &PageRequest) -> Vec<u64> {
    let take = request.limit as usize + 1;
    let cursor = |c: &str| c.parse::<u64>().unwrap();
    match &request.cursor {
        None => table.iter().rev().take(take).copied().collect(),
        Some(Cursor::After(c)) => {
            let c = cursor(c);
            table
                .iter()
                .rev()
                .filter(|id| **id < c)
                .take(take)
                .copied()
                .collect()
        }
        Some(Cursor::Before(c)) => {
            let c = cursor(c);
            table
                .iter()
                .filter(|id| **id > c)
                .take(take)
                .copied()
                .collect()
        }
    }
}

/// A random table of distinct ascending ids (ascending = older first).
fn id_table() -> impl Strategy<Value = Vec<u64>> {
    proptest::collection::btree_set(1u64..1_000_000, 0..120).prop_map(|s| s.into_iter().collect())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn walking_after_lists_every_id_once_newest_first(
        mut table in id_table(),
        limits in proptest::collection::vec(1u32..=12, 1..200),
        // New objects arrive during the first steps only: a walk towards the
        // newest end cannot finish while they arrive faster than it reads.
        inserts in proptest::collection::vec(0usize..4, 0..40),
    ) {
        let original: Vec<u64> = table.iter().rev().copied().collect();
        let mut next_id = 1_000_000;
        let mut seen = Vec::new();
        let mut request = PageRequest { limit: limits[0], cursor: None };
        for step in 0.. {
            prop_assert!(step <= original.len(), "the walk does not end");
            let page = Page::from_rows(fetch(&table, &request), &request);
            let (_, after) = links(&request, &page, |id| id.to_string());
            prop_assert!(page.items.windows(2).all(|w| w[0] > w[1]), "not newest first");
            seen.extend(page.items.iter().copied());
            // New objects arrive between two page loads.
            for _ in 0..inserts.get(step).copied().unwrap_or(0) {
                table.push(next_id);
                next_id += 1;
            }
            match after {
                None => break,
                Some(a) => {
                    request = PageRequest {
                        limit: limits[(step + 1) % limits.len()],
                        cursor: Some(Cursor::After(a)),
                    }
                }
            }
        }
        prop_assert_eq!(seen, original);
    }

    #[test]
    fn walking_before_from_the_oldest_reaches_every_newer_id_once(
        mut table in id_table().prop_filter("needs a start", |t| !t.is_empty()),
        limits in proptest::collection::vec(1u32..=12, 1..200),
        // New objects arrive during the first steps only: a walk towards the
        // newest end cannot finish while they arrive faster than it reads.
        inserts in proptest::collection::vec(0usize..4, 0..40),
    ) {
        let oldest = table[0];
        let mut last_fetch_len = table.len();
        let mut next_id = 1_000_000;
        let mut seen = Vec::new();
        let mut request = PageRequest {
            limit: limits[0],
            cursor: Some(Cursor::Before(oldest.to_string())),
        };
        for step in 0.. {
            prop_assert!(step <= 121 + 3 * 40, "the walk does not end");
            let page = Page::from_rows(fetch(&table, &request), &request);
            let (before, _) = links(&request, &page, |id| id.to_string());
            prop_assert!(page.items.windows(2).all(|w| w[0] > w[1]), "not newest first");
            // Pages come newest-first, the walk goes newer: prepend.
            seen.splice(0..0, page.items.iter().copied());
            last_fetch_len = table.len();
            for _ in 0..inserts.get(step).copied().unwrap_or(0) {
                table.push(next_id);
                next_id += 1;
            }
            match before {
                None => break,
                Some(b) => {
                    request = PageRequest {
                        limit: limits[(step + 1) % limits.len()],
                        cursor: Some(Cursor::Before(b)),
                    }
                }
            }
        }
        // Everything newer than the start that existed when the last page
        // was read (so also what arrived during the walk), exactly once.
        let expected: Vec<u64> = table[..last_fetch_len]
            .iter()
            .rev()
            .copied()
            .filter(|id| *id > oldest)
            .collect();
        prop_assert_eq!(seen, expected);
    }
}
