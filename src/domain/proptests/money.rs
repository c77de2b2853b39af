//! Money: parsing and formatting amounts round-trip, keep order, never panic
//! and never wrap.

use super::config;
use crate::domain::money::{format_amount, parse_amount, Amount, AmountError, MAX_ATOMIC};
use proptest::prelude::*;
use std::cmp::Ordering;

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
