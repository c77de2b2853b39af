use super::*;

fn atomic(s: &str, decimals: u32) -> i128 {
    parse_amount(s, decimals).unwrap().atomic()
}

#[test]
fn parses_typical_amounts() {
    assert_eq!(atomic("0.015", 8), 1_500_000);
    assert_eq!(atomic("1", 8), 100_000_000);
    assert_eq!(atomic("1.5", 8), 150_000_000);
    assert_eq!(atomic("0.00000001", 8), 1);
    assert_eq!(atomic("21000000", 8), 2_100_000_000_000_000);
    assert_eq!(atomic("12.345678", 6), 12_345_678);
    assert_eq!(atomic("7", 0), 7);
    assert_eq!(atomic("10", 2), 1000);
}

#[test]
fn zero_parses_but_is_not_positive() {
    assert_eq!(parse_amount("0", 8), Ok(Amount::ZERO));
    assert_eq!(parse_amount("0.0", 8), Ok(Amount::ZERO));
    assert_eq!(parse_amount("0.00000000", 8), Ok(Amount::ZERO));
    assert_eq!(parse_amount("0", 0), Ok(Amount::ZERO));
    assert_eq!(parse_positive_amount("0", 8), Err(AmountError::NotPositive));
    assert_eq!(
        parse_positive_amount("0.0", 8),
        Err(AmountError::NotPositive)
    );
    assert_eq!(parse_positive_amount("0.00000001", 8).unwrap().atomic(), 1);
    assert_eq!(parse_positive_amount("-1", 8), Err(AmountError::Malformed));
}

#[test]
fn eth_is_exact_far_beyond_i64() {
    assert_eq!(
        atomic("123456789012.123456789012345678", 18),
        123_456_789_012_123_456_789_012_345_678
    );
    assert_eq!(atomic("1000000000000", 18), 10i128.pow(30));
    assert_eq!(atomic("0.000000000000000001", 18), 1);
    assert_eq!(atomic("9223372036854775808", 0), 9_223_372_036_854_775_808);
}

#[test]
fn refuses_malformed_strings() {
    for s in [
        " 1", "1 ", "1 .5", "1. 5", "\t1", "1\n", "+1", "-1", "-0", "+0.5", "1e8", "1E8", "1.5e-3",
        "NaN", "nan", "inf", "-inf", "Infinity", "01", "00", "00.5", "007", ".5", "5.", ".",
        "1..5", "1.2.3", "0x10", "1,5", "1_000", "١", "½", "1.5.",
    ] {
        assert_eq!(parse_amount(s, 8), Err(AmountError::Malformed), "{s:?}");
    }
    assert_eq!(parse_amount("", 8), Err(AmountError::Empty));
}

#[test]
fn refuses_more_decimals_than_the_asset_has() {
    let too_many = Err(AmountError::TooManyDecimals { max: 8 });
    assert_eq!(parse_amount("0.000000001", 8), too_many);
    assert_eq!(parse_amount("1.500000000", 8), too_many);
    assert_eq!(parse_amount("0.000000000", 8), too_many);
    assert_eq!(
        parse_amount("1.0", 0),
        Err(AmountError::TooManyDecimals { max: 0 })
    );
    assert_eq!(
        parse_amount("1.1234567", 6),
        Err(AmountError::TooManyDecimals { max: 6 })
    );
}

#[test]
fn refuses_amounts_above_the_cap_without_overflowing() {
    assert_eq!(atomic("1000000000000000000", 18), MAX_ATOMIC);
    assert_eq!(
        parse_amount("1000000000000000000.000000000000000001", 18),
        Err(AmountError::TooLarge)
    );
    assert_eq!(
        parse_amount("1000000000000000001", 18),
        Err(AmountError::TooLarge)
    );
    assert_eq!(
        parse_amount(&"9".repeat(400), 0),
        Err(AmountError::TooLarge)
    );
    assert_eq!(parse_amount("1", 37), Err(AmountError::TooLarge));
    assert_eq!(parse_amount("1", u32::MAX), Err(AmountError::TooLarge));
    assert_eq!(parse_amount("0", u32::MAX), Ok(Amount::ZERO));
    assert_eq!(atomic("0.0000000000000000000000000000000000000001", 40), 1);
}

#[test]
fn error_messages_read_well_after_a_field_name() {
    assert_eq!(
        AmountError::Malformed.to_string(),
        "must be a decimal string such as \"0.015\""
    );
    assert_eq!(
        AmountError::TooManyDecimals { max: 8 }.to_string(),
        "has more than 8 decimal places"
    );
    assert_eq!(
        AmountError::TooManyDecimals { max: 1 }.to_string(),
        "has more than 1 decimal place"
    );
    assert_eq!(AmountError::TooLarge.to_string(), "is too large");
    assert_eq!(
        AmountError::NotPositive.to_string(),
        "must be greater than zero"
    );
    assert_eq!(AmountError::Empty.to_string(), "must not be empty");
}

#[test]
fn formats_canonically() {
    let f = |n: i128, d: u32| format_amount(Amount::from_atomic(n), d);
    assert_eq!(f(1_500_000, 8), "0.015");
    assert_eq!(f(100_000_000, 8), "1");
    assert_eq!(f(150_000_000, 8), "1.5");
    assert_eq!(f(1, 8), "0.00000001");
    assert_eq!(f(0, 8), "0");
    assert_eq!(f(0, 0), "0");
    assert_eq!(f(42, 0), "42");
    assert_eq!(f(-1_500_000, 8), "-0.015");
    assert_eq!(f(-100_000_000, 8), "-1");
    assert_eq!(f(1_000_000_010, 8), "10.0000001");
    assert_eq!(
        f(123_456_789_012_123_456_789_012_345_678, 18),
        "123456789012.123456789012345678"
    );
    assert_eq!(f(1, 40), "0.0000000000000000000000000000000000000001");
    assert_eq!(
        f(i128::MIN, 18),
        "-170141183460469231731.687303715884105728"
    );
    assert_eq!(f(i128::MAX, 0), "170141183460469231731687303715884105727");
}

#[test]
fn formats_with_a_minimum_fraction() {
    let f = |n: i128, d: u32, m: u32| format_amount_min_fraction(Amount::from_atomic(n), d, m);
    assert_eq!(f(0, 8, 1), "0.0");
    assert_eq!(f(100_000_000, 8, 1), "1.0");
    assert_eq!(f(150_000_000, 8, 1), "1.5");
    assert_eq!(f(1_500_000, 8, 1), "0.015");
    assert_eq!(f(1_500_000, 8, 4), "0.0150");
    assert_eq!(f(1, 8, 2), "0.00000001");
    assert_eq!(f(-100_000_000, 8, 1), "-1.0");
    assert_eq!(f(5, 0, 1), "5.0");
    assert_eq!(f(5, 2, 3), "0.050");
    assert_eq!(f(100_000_000, 8, 0), "1");
}

#[test]
fn checked_arithmetic_respects_the_cap() {
    let a = Amount::from_atomic(150);
    let b = Amount::from_atomic(50);
    assert_eq!(a.checked_add(b), Some(Amount::from_atomic(200)));
    assert_eq!(b.checked_sub(a), Some(Amount::from_atomic(-100)));
    assert!(a.is_positive() && !a.is_negative() && !a.is_zero());
    assert!(b.checked_sub(a).unwrap().is_negative());
    assert!(Amount::ZERO.is_zero() && !Amount::ZERO.is_positive());

    let max = Amount::from_atomic(MAX_ATOMIC);
    let one = Amount::from_atomic(1);
    assert_eq!(max.checked_add(Amount::ZERO), Some(max));
    assert_eq!(max.checked_add(one), None);
    assert_eq!(Amount::from_atomic(-MAX_ATOMIC).checked_sub(one), None);
    assert_eq!(
        Amount::from_atomic(i128::MAX).checked_add(one),
        None,
        "i128 overflow must be None, not a panic"
    );
    assert_eq!(Amount::from_atomic(i128::MIN).checked_sub(one), None);
    assert_eq!(Amount::checked_from_atomic(MAX_ATOMIC + 1), None);
    assert_eq!(
        Amount::checked_from_atomic(-MAX_ATOMIC),
        Some(Amount(-MAX_ATOMIC))
    );
    assert!(Amount::from_atomic(-1) < Amount::ZERO);
}

/// xorshift64*: reproducible pseudo-random cases without a dev-dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn parse_of_format_round_trips_for_many_atomic_values() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for decimals in [0, 1, 2, 6, 8, 18, 36] {
        for _ in 0..2000 {
            // Vary magnitude as well as digits, so short and i128-sized values both occur.
            let wide = (u128::from(rng.next()) << 64) | u128::from(rng.next());
            let digits = rng.below(38) as u32 + 1;
            let n = (wide % 10u128.pow(digits)) as i128;
            let n = n.min(MAX_ATOMIC);
            let a = Amount::from_atomic(n);
            let s = format_amount(a, decimals);
            assert_eq!(parse_amount(&s, decimals), Ok(a), "{n} at {decimals}: {s}");
            let s1 = format_amount_min_fraction(a, decimals, 1);
            if decimals > 0 {
                assert_eq!(parse_amount(&s1, decimals), Ok(a), "{n}: {s1}");
            }
        }
    }
    for n in [0, 1, 9, 10, 99, 100, MAX_ATOMIC - 1, MAX_ATOMIC] {
        let a = Amount::from_atomic(n);
        assert_eq!(parse_amount(&format_amount(a, 18), 18), Ok(a));
    }
}

#[test]
fn format_of_parse_round_trips_for_many_canonical_strings() {
    let mut rng = Rng(0xdead_beef_cafe_f00d);
    for decimals in [1, 2, 6, 8, 18] {
        for _ in 0..2000 {
            let mut s = if rng.below(4) == 0 {
                "0".to_string()
            } else {
                let len = rng.below(12) + 1;
                let mut int = (rng.below(9) + 1).to_string();
                for _ in 1..len {
                    int.push(char::from(b'0' + rng.below(10) as u8));
                }
                int
            };
            let frac_len = rng.below(u64::from(decimals) + 1);
            if frac_len > 0 {
                s.push('.');
                for _ in 1..frac_len {
                    s.push(char::from(b'0' + rng.below(10) as u8));
                }
                // A canonical fraction never ends in zero.
                s.push(char::from(b'1' + rng.below(9) as u8));
            }
            let a = parse_amount(&s, decimals).unwrap();
            assert_eq!(format_amount(a, decimals), s);
        }
    }
}
